/* Tiled map of the places, only when the site sets MAP_TILE_URL. The drawing and the list stay in the page:
   if Leaflet, its stylesheet or the tiles fail to load, the visitor still has both. Leaflet's stylesheet is
   fetched here, once the page is shown, so it never holds up the page's first paint. */
(function () {
  "use strict";
  var box = document.getElementById("tile-map");
  var data = document.getElementById("map-points");
  if (!box || !data || typeof L === "undefined") {
    return;
  }
  var points = JSON.parse(data.textContent);
  if (!points.length) {
    return;
  }

  function draw() {
    box.hidden = false;
    var map = L.map(box, { scrollWheelZoom: false });
    var layer = L.tileLayer(box.dataset.tileUrl, { maxZoom: 18 });
    layer.on("tileerror", function () {
      box.hidden = true;
    });
    layer.addTo(map);
    var bounds = [];
    points.forEach(function (point) {
      var position = [point.lat, point.lon];
      bounds.push(position);
      L.marker(position, { title: point.name, alt: point.name }).addTo(map).bindPopup(document.createTextNode(point.name));
    });
    map.fitBounds(bounds, { padding: [30, 30], maxZoom: 12 });
  }

  var sheet = box.dataset.stylesheet;
  if (!sheet) {
    draw();
    return;
  }
  var link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = sheet;
  link.addEventListener("load", draw);
  document.head.appendChild(link);
})();
