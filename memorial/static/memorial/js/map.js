/* The places map: Leaflet draws the site's own base map (land, districts, coast and borders from Natural Earth, a GeoJSON
   file among the static files) as vector layers, with a marker for each place, to zoom and pan. Nothing is asked
   of another site, unless MAP_TILE_URL names a tile server, whose tiles then go under the outline. The drawing
   and the list stay in the page until the map is drawn: if Leaflet, its stylesheet or the base map fail to load,
   the visitor still has both. Leaflet's stylesheet is fetched here, once the page is shown, so it never holds up
   the page's first paint. */
(function () {
  "use strict";
  var box = document.getElementById("tile-map");
  var data = document.getElementById("map-points");
  if (!box || !data || typeof L === "undefined" || !window.fetch) {
    return;
  }
  var points = JSON.parse(data.textContent);
  if (!points.length) {
    return;
  }
  var drawing = document.querySelector("[data-map-drawing]");

  var STYLES = {
    land: { stroke: false, fillColor: "#f4f1ea", fillOpacity: 1 },
    district: { color: "#c4b8a6", weight: 0.6, fill: false },
    coast: { color: "#5f7280", weight: 1, fill: false },
    border: { color: "#a3988a", weight: 1, dashArray: "4 3", fill: false }
  };

  function draw(baseMap) {
    box.hidden = false;
    var map = L.map(box, { scrollWheelZoom: false, zoomSnap: 0.5 });
    map.attributionControl.setPrefix(false);
    if (box.dataset.tileUrl) {
      var tiles = L.tileLayer(box.dataset.tileUrl, { maxZoom: 18 });
      tiles.addTo(map);
    }
    L.geoJSON(baseMap, {
      interactive: false,
      attribution: box.dataset.attribution,
      style: function (feature) {
        var style = STYLES[feature.properties.layer] || STYLES.coast;
        // Over tiles the land is theirs to draw: only the lines are kept.
        return box.dataset.tileUrl && feature.properties.layer === "land" ? { stroke: false, fill: false } : style;
      }
    }).addTo(map);
    var bounds = [];
    points.forEach(function (point) {
      var position = [point.lat, point.lon];
      bounds.push(position);
      var link = document.createElement("a");
      link.href = point.url;
      link.textContent = point.name;
      L.marker(position, { title: point.name, alt: point.name }).addTo(map).bindPopup(link);
    });
    map.fitBounds(bounds, { padding: [30, 30], maxZoom: 11 });
    if (drawing) {
      drawing.setAttribute("hidden", ""); // the map shows the same places: one picture of them is enough
    }
  }

  function start() {
    fetch(box.dataset.baseMap, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("base map " + response.status);
        }
        return response.json();
      })
      .then(draw)
      .catch(function () {
        box.hidden = true; // the drawing and the list are still there
      });
  }

  var sheet = box.dataset.stylesheet;
  if (!sheet) {
    start();
    return;
  }
  var link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = sheet;
  link.addEventListener("load", start);
  document.head.appendChild(link);
})();
