/* "Is this the person?": on the submission form, the name field offers matching public victims as one types
   (from /search/suggest/, which matches names across scripts and spellings). An ARIA 1.2 combobox with a listbox
   popup: up and down arrows move, Enter chooses, Escape closes; a live region says how many were found and what
   was chosen. Choosing sets the victim list (the no-JavaScript fallback, hidden here) to the identifier, so the
   form sends exactly what it sends without the script. Rows added by more-people.js are set up when they arrive. */
(function () {
  "use strict";
  if (!window.fetch) return;
  var DEBOUNCE_MS = 250;

  function setUp(box) {
    if (box.hasAttribute("data-victim-picker-ready")) return;
    box.setAttribute("data-victim-picker-ready", "");
    var select = box.querySelector("select");
    var input = box.querySelector("input[type=text]");
    var popup = box.querySelector("[data-victim-popup]");
    var list = box.querySelector("[data-victim-list]");
    var chosenBox = box.querySelector("[data-victim-chosen]");
    var chosenText = box.querySelector("[data-victim-chosen-text]");
    var clear = box.querySelector("[data-victim-clear]");
    var status = box.querySelector("[data-victim-status]");
    var url = box.getAttribute("data-suggest-url");
    if (!select || !input || !list || !url) return;
    var timer = null, active = -1, items = [], lastQuery = "", controller = null, chosenName = "";

    select.closest(".field").hidden = true; // the combobox takes its place; its value is still what is sent
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);

    function optionFor(identifier) {
      for (var i = 0; i < select.options.length; i++) {
        if (select.options[i].value === identifier) return select.options[i];
      }
      return null;
    }

    function describe(option, fallback) {
      if (!option) return { name: fallback, details: "" };
      var details = [option.getAttribute("data-dates"), option.getAttribute("data-place"), option.value]
        .filter(function (part) { return part; }).join(" · ");
      return { name: option.getAttribute("data-name") || fallback, details: details };
    }

    function announce(text) { status.textContent = text; }

    function close() {
      popup.hidden = true;
      list.innerHTML = "";
      items = [];
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function highlight(index) {
      items.forEach(function (item, i) { item.element.setAttribute("aria-selected", i === index ? "true" : "false"); });
      active = index;
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", items[index].element.id);
        items[index].element.scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function showChosen() {
      var option = select.value ? optionFor(select.value) : null;
      if (!option) {
        chosenBox.hidden = true;
        chosenName = "";
        return;
      }
      var person = describe(option, option.textContent);
      chosenName = person.name;
      chosenText.textContent = box.getAttribute("data-chosen") + " " + person.name + (person.details ? " (" + person.details + ")" : "");
      chosenBox.hidden = false;
    }

    function choose(index) {
      var item = items[index];
      if (!item) return;
      select.value = item.identifier;
      select.dispatchEvent(new Event("change", { bubbles: true }));
      input.value = item.name;
      lastQuery = item.name;
      close();
      showChosen();
      announce(chosenText.textContent);
    }

    function unchoose(silently) {
      if (!select.value) return;
      select.value = "";
      select.dispatchEvent(new Event("change", { bubbles: true }));
      showChosen();
      if (!silently) announce(box.getAttribute("data-cleared"));
    }

    function render(suggestions) {
      close();
      suggestions.forEach(function (suggestion, i) {
        var person = describe(optionFor(suggestion.identifier), suggestion.label);
        var li = document.createElement("li");
        li.id = list.id + "-" + i;
        li.className = "victim-picker__option";
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        var name = document.createElement("span");
        name.className = "victim-picker__name";
        name.textContent = person.name;
        li.appendChild(name);
        if (person.details) {
          var details = document.createElement("span");
          details.className = "victim-picker__details";
          details.textContent = person.details;
          li.appendChild(details);
        }
        li.addEventListener("mousedown", function (event) { event.preventDefault(); choose(i); });
        list.appendChild(li);
        items.push({ element: li, identifier: suggestion.identifier, name: person.name });
      });
      if (items.length) {
        popup.hidden = false;
        input.setAttribute("aria-expanded", "true");
      }
      if (items.length === 1) announce(box.getAttribute("data-found-one"));
      else if (items.length) announce(box.getAttribute("data-found").replace("{count}", items.length));
      else announce(box.getAttribute("data-none"));
    }

    function fetchSuggestions() {
      var q = input.value.trim();
      if (q === lastQuery) return;
      lastQuery = q;
      if (q.length < 2) { close(); announce(""); return; }
      if (controller) controller.abort();
      controller = window.AbortController ? new AbortController() : null;
      fetch(url + "?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" }, signal: controller && controller.signal })
        .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
        .then(function (data) { if (input.value.trim() === q && document.activeElement === input) render(data.suggestions || []); })
        .catch(function () { /* aborted or offline: the name is sent as typed */ });
    }

    input.addEventListener("input", function () {
      if (chosenName && input.value.trim() !== chosenName) unchoose(true);
      clearTimeout(timer);
      timer = setTimeout(fetchSuggestions, DEBOUNCE_MS);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (!items.length) { lastQuery = ""; fetchSuggestions(); return; }
        highlight(active + 1 < items.length ? active + 1 : 0);
      } else if (event.key === "ArrowUp" && items.length) {
        event.preventDefault();
        highlight(active > 0 ? active - 1 : items.length - 1);
      } else if (event.key === "Enter" && !popup.hidden) {
        event.preventDefault(); // choose, never send the form from an open list
        if (active >= 0) choose(active);
      } else if (event.key === "Escape" && !popup.hidden) {
        event.preventDefault();
        close();
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
    clear.addEventListener("click", function () {
      unchoose(false);
      input.focus();
    });
    showChosen();
  }

  document.querySelectorAll("[data-victim-picker]").forEach(setUp);
  // Rows added later ("Add another person", more-people.js) announce themselves with this event.
  document.addEventListener("people:row-added", function (event) {
    event.target.querySelectorAll("[data-victim-picker]").forEach(setUp);
  });
})();
