/* Name suggestions for the header search box: the shared combobox (combobox.js) over /search/suggest/, where
   choosing a name opens that person's page. Without JavaScript the form simply submits to the search page. */
(function () {
  "use strict";
  var form = document.querySelector("[data-search-box]");
  if (!form || !window.fetch || !window.Combobox) return;
  var input = form.querySelector("input[name=q]");
  var list = form.querySelector("[role=listbox]");

  window.Combobox({
    input: input,
    list: list,
    status: form.querySelector("[data-suggest-status]"),
    url: input.getAttribute("data-suggest-url"),
    delay: 200,
    idPrefix: "site-search-option-",
    draw: function (li, suggestion) {
      li.textContent = suggestion.label;
      if (suggestion.demo) {
        var badge = document.createElement("span");
        badge.className = "badge badge--demo";
        badge.textContent = list.getAttribute("data-demo-label") || "DEMO";
        li.appendChild(document.createTextNode(" "));
        li.appendChild(badge);
      }
    },
    choose: function (suggestion) { window.location.href = suggestion.url; },
    // Announced by the live region: how many names, and how to reach them.
    describe: function (count) {
      return count ? count + " " + (list.getAttribute("data-count-label") || "↓") : "";
    }
  });
})();
