/* Document page viewer: one page at a time, with page navigation and zoom, by buttons and by keys
   (← → or Page Up/Down change the page, + and − zoom, 0 resets). Without this script the page is a
   list of thumbnails, each linking to the full image. */
(function () {
  "use strict";

  var ZOOMS = [0.5, 0.75, 1, 1.5, 2, 3, 4];

  function setUp(section) {
    var ui = section.querySelector("[data-viewer-ui]");
    var stage = section.querySelector("[data-viewer-stage]");
    var positionLabel = section.querySelector("[data-viewer-position]");
    var zoomLabel = section.querySelector("[data-viewer-zoom-level]");
    var pages = Array.prototype.slice.call(section.querySelectorAll("[data-page]"));
    if (!ui || !stage || !pages.length) {
      return;
    }
    var index = 0;
    var zoom = ZOOMS.indexOf(1);

    function label(template, current, total) {
      return template.replace("{current}", String(current)).replace("{total}", String(total));
    }

    function showImage(page) {
      var image = document.createElement("img");
      image.src = page.getAttribute("data-full");
      image.alt = page.getAttribute("data-alt") || "";
      if (page.hasAttribute("data-width") && page.hasAttribute("data-height")) {
        // Its size, so the stage keeps the page's shape while it loads instead of jumping when it arrives.
        image.width = Number(page.getAttribute("data-width"));
        image.height = Number(page.getAttribute("data-height"));
      }
      stage.replaceChildren(image);
    }

    function showWarning(page) {
      var box = document.createElement("div");
      box.className = "content-warning";
      var text = document.createElement("p");
      text.className = "content-warning__text";
      text.textContent = section.getAttribute("data-label-warning");
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = section.getAttribute("data-label-show");
      button.addEventListener("click", function () {
        page.removeAttribute("data-distressing");
        showImage(page);
        stage.focus();
      });
      box.appendChild(text);
      box.appendChild(button);
      stage.replaceChildren(box);
    }

    function show(newIndex) {
      index = Math.max(0, Math.min(pages.length - 1, newIndex));
      var page = pages[index];
      pages.forEach(function (item) { item.removeAttribute("aria-current"); });
      page.setAttribute("aria-current", "true");
      if (page.hasAttribute("data-distressing")) {
        showWarning(page);
      } else {
        showImage(page);
      }
      positionLabel.textContent = label(section.getAttribute("data-label-page"), index + 1, pages.length);
      section.querySelector("[data-viewer-previous]").disabled = index === 0;
      section.querySelector("[data-viewer-next]").disabled = index === pages.length - 1;
    }

    function setZoom(level) {
      zoom = Math.max(0, Math.min(ZOOMS.length - 1, level));
      stage.style.setProperty("--zoom", String(ZOOMS[zoom]));
      zoomLabel.textContent = Math.round(ZOOMS[zoom] * 100) + "%";
    }

    section.querySelector("[data-viewer-previous]").addEventListener("click", function () { show(index - 1); });
    section.querySelector("[data-viewer-next]").addEventListener("click", function () { show(index + 1); });
    section.querySelector("[data-viewer-zoom-in]").addEventListener("click", function () { setZoom(zoom + 1); });
    section.querySelector("[data-viewer-zoom-out]").addEventListener("click", function () { setZoom(zoom - 1); });
    section.querySelector("[data-viewer-zoom-reset]").addEventListener("click", function () {
      setZoom(ZOOMS.indexOf(1));
    });

    ui.addEventListener("keydown", function (event) {
      if (event.altKey || event.ctrlKey || event.metaKey) {
        return;
      }
      var handled = true;
      switch (event.key) {
        case "ArrowRight":
        case "PageDown":
          show(index + 1);
          break;
        case "ArrowLeft":
        case "PageUp":
          show(index - 1);
          break;
        case "Home":
          show(0);
          break;
        case "End":
          show(pages.length - 1);
          break;
        case "+":
        case "=":
          setZoom(zoom + 1);
          break;
        case "-":
        case "_":
          setZoom(zoom - 1);
          break;
        case "0":
          setZoom(ZOOMS.indexOf(1));
          break;
        default:
          handled = false;
      }
      if (handled) {
        event.preventDefault();
      }
    });

    // A thumbnail opens its page in the viewer rather than leaving the page.
    pages.forEach(function (page, pageIndex) {
      page.addEventListener("click", function (event) {
        var link = event.target.closest("a");
        if (!link || link.hasAttribute("download") || link.hasAttribute("data-reveal")) {
          return;
        }
        event.preventDefault();
        show(pageIndex);
        stage.focus();
      });
    });

    // A page revealed from the list is revealed in the viewer too.
    document.addEventListener("yaddas:revealed", function (event) {
      pages.forEach(function (page, pageIndex) {
        if (page.querySelector("#" + CSS.escape(event.detail.id))) {
          page.removeAttribute("data-distressing");
          if (pageIndex === index) {
            showImage(page);
          }
        }
      });
    });

    ui.hidden = false;
    section.classList.add("is-enhanced");
    setZoom(zoom);
    var fromHash = /^#page-(\d+)$/.exec(window.location.hash);
    show(fromHash ? parseInt(fromHash[1], 10) - 1 : 0);
    // A link on the page to one of its pages (the document's contents: #page-3) turns the viewer to it.
    window.addEventListener("hashchange", function () {
      var toPage = /^#page-(\d+)$/.exec(window.location.hash);
      if (toPage) {
        show(parseInt(toPage[1], 10) - 1);
        section.scrollIntoView();
      }
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-viewer]"), setUp);
})();
