/* "Is this the person?": on the submission form, the name field offers matching public victims as one types
   (from /search/suggest/, which matches names across scripts and spellings, with each person's dates and place).
   An ARIA 1.2 combobox with a listbox popup: up and down arrows move, Enter chooses, Escape closes; a live region
   says how many were found and what was chosen. Choosing fills in the person's permanent identifier (the number
   field, the no-JavaScript fallback, hidden here) and shows the person with a link to their page and "Not this
   person". The page never lists the archive's names: it asks for the few that match what is typed.
   Rows added by more-people.js are set up when they arrive. */
(function () {
  "use strict";
  if (!window.fetch) return;
  var DEBOUNCE_MS = 250;

  function setUp(box) {
    if (box.hasAttribute("data-victim-picker-ready")) return;
    box.setAttribute("data-victim-picker-ready", "");
    var number = box.querySelector("[data-victim-number]");
    var field = number && number.querySelector("input");
    var input = box.querySelector("input[type=text]"); // the name: it comes before the number field
    var popup = box.querySelector("[data-victim-popup]");
    var list = box.querySelector("[data-victim-list]");
    var chosenBox = box.querySelector("[data-victim-chosen]");
    var chosenLink = box.querySelector("[data-victim-chosen-link]");
    var chosenName = box.querySelector("[data-victim-chosen-name]");
    var chosenDetails = box.querySelector("[data-victim-chosen-details]");
    var clear = box.querySelector("[data-victim-clear]");
    var hint = box.querySelector("[data-victim-nojs-hint]");
    var status = box.querySelector("[data-victim-status]");
    var url = box.getAttribute("data-suggest-url");
    if (!field || !input || !list || !url) return;
    var timer = null, active = -1, items = [], lastQuery = "", controller = null;
    // The person chosen so far: the one the page came with (from a victim's page, or a form sent back), if any.
    var chosen = field.value && !chosenBox.hidden ? { identifier: field.value, label: chosenName.textContent } : null;

    // The combobox takes the number field's place; it stays in the form, and is what is sent. A number the server
    // refused stays in view with its error, so that it can be corrected.
    if (!number.querySelector(".field--error")) number.hidden = true;
    if (hint) hint.hidden = true;
    clear.hidden = false;
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);

    function details(suggestion) {
      return [suggestion.dates, suggestion.place, suggestion.identifier]
        .filter(function (part) { return part; }).join(" · ");
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

    function showChosen(suggestion) {
      chosen = suggestion;
      if (!suggestion) {
        chosenBox.hidden = true;
        return;
      }
      chosenName.textContent = suggestion.label;
      chosenDetails.textContent = details(suggestion);
      chosenLink.href = suggestion.url;
      chosenBox.hidden = false;
    }

    function choose(index) {
      var item = items[index];
      if (!item) return;
      field.value = item.suggestion.identifier;
      field.dispatchEvent(new Event("change", { bubbles: true }));
      input.value = item.suggestion.label;
      lastQuery = item.suggestion.label;
      close();
      showChosen(item.suggestion);
      announce(box.getAttribute("data-chosen") + " " + item.suggestion.label + ", " + details(item.suggestion));
    }

    function unchoose(silently) {
      if (!field.value && !chosen) return;
      field.value = "";
      field.dispatchEvent(new Event("change", { bubbles: true }));
      showChosen(null);
      if (!silently) announce(box.getAttribute("data-cleared"));
    }

    function render(suggestions) {
      close();
      suggestions.forEach(function (suggestion, i) {
        var li = document.createElement("li");
        li.id = list.id + "-" + i;
        li.className = "victim-picker__option";
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        var name = document.createElement("span");
        name.className = "victim-picker__name";
        name.textContent = suggestion.label;
        li.appendChild(name);
        var text = details(suggestion);
        if (text) {
          var more = document.createElement("span");
          more.className = "victim-picker__details";
          more.textContent = text;
          li.appendChild(more);
        }
        li.addEventListener("mousedown", function (event) { event.preventDefault(); choose(i); });
        list.appendChild(li);
        items.push({ element: li, suggestion: suggestion });
      });
      if (items.length) {
        popup.hidden = false;
        input.setAttribute("aria-expanded", "true");
        // On a phone the list can open below the fold (or under the keyboard): bring it into view.
        if (popup.scrollIntoView) popup.scrollIntoView({ block: "nearest" });
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
      // Typing another name drops the earlier choice: the identifier must never disagree with the name shown.
      if (chosen && input.value.trim() !== chosen.label) unchoose(true);
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
  }

  document.querySelectorAll("[data-victim-picker]").forEach(setUp);
  // Rows added later ("Add another person", more-people.js) announce themselves with this event.
  document.addEventListener("people:row-added", function (event) {
    event.target.querySelectorAll("[data-victim-picker]").forEach(setUp);
  });
})();
