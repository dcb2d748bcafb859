/* Name suggestions for the header search box: an ARIA 1.2 combobox with a listbox popup.
   Without JavaScript the form simply submits to the search page. */
(function () {
  "use strict";
  var form = document.querySelector("[data-search-box]");
  if (!form || !window.fetch) return;
  var input = form.querySelector("input[name=q]");
  var list = form.querySelector("[role=listbox]");
  var status = form.querySelector("[data-suggest-status]");
  var url = input.getAttribute("data-suggest-url");
  var timer = null, active = -1, items = [], lastQuery = "", controller = null;

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", list.id);

  function close() {
    list.hidden = true;
    list.innerHTML = "";
    items = [];
    active = -1;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function highlight(index) {
    items.forEach(function (item, i) { item.element.setAttribute("aria-selected", i === index ? "true" : "false"); });
    active = index;
    if (index >= 0) input.setAttribute("aria-activedescendant", items[index].element.id);
    else input.removeAttribute("aria-activedescendant");
  }

  function render(suggestions) {
    close();
    suggestions.forEach(function (suggestion, i) {
      var li = document.createElement("li");
      li.id = "site-search-option-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.textContent = suggestion.label;
      if (suggestion.demo) {
        var badge = document.createElement("span");
        badge.className = "badge badge--demo";
        badge.textContent = list.getAttribute("data-demo-label") || "DEMO";
        li.appendChild(document.createTextNode(" "));
        li.appendChild(badge);
      }
      li.addEventListener("mousedown", function (event) { event.preventDefault(); window.location.href = suggestion.url; });
      list.appendChild(li);
      items.push({ element: li, url: suggestion.url });
    });
    if (items.length) {
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }
    // Announced by the live region: how many names, and how to reach them.
    status.textContent = items.length ? items.length + " " + (list.getAttribute("data-count-label") || "↓") : "";
  }

  function fetchSuggestions() {
    var q = input.value.trim();
    if (q === lastQuery) return;
    lastQuery = q;
    if (q.length < 2) { close(); status.textContent = ""; return; }
    if (controller) controller.abort();
    controller = window.AbortController ? new AbortController() : null;
    fetch(url + "?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" }, signal: controller && controller.signal })
      .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
      .then(function (data) { if (input.value.trim() === q) render(data.suggestions || []); })
      .catch(function () { /* aborted or offline: the form still submits */ });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(fetchSuggestions, 200);
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown") {
      if (!items.length) { lastQuery = ""; fetchSuggestions(); return; }
      event.preventDefault();
      highlight(active + 1 < items.length ? active + 1 : 0);
    } else if (event.key === "ArrowUp" && items.length) {
      event.preventDefault();
      highlight(active > 0 ? active - 1 : items.length - 1);
    } else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      window.location.href = items[active].url;
    } else if (event.key === "Escape" && !list.hidden) {
      event.preventDefault();
      close();
    }
  });
  input.addEventListener("blur", function () { setTimeout(close, 150); });
})();
