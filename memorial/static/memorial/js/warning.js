/* Content warnings: reveal a distressing image in place, only when asked. Without this script the
   "Show the image" link reloads the page with ?reveal=<key>, which puts the image in. */
(function () {
  "use strict";

  function reveal(warning) {
    var link = document.createElement("a");
    link.href = warning.getAttribute("data-reveal-href");
    link.id = warning.id;
    var image = document.createElement("img");
    image.src = warning.getAttribute("data-reveal-src");
    image.alt = warning.getAttribute("data-reveal-alt") || "";
    link.appendChild(image);
    warning.replaceWith(link);
    link.focus();
    document.dispatchEvent(new CustomEvent("yaddas:revealed", { detail: { id: link.id } }));
  }

  document.addEventListener("click", function (event) {
    var trigger = event.target.closest("[data-reveal]");
    if (!trigger) {
      return;
    }
    var warning = trigger.closest(".content-warning");
    if (!warning) {
      return;
    }
    event.preventDefault();
    reveal(warning);
  });
})();
