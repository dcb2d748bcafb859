/* The one combobox behind the header's name suggestions (suggest.js) and the submission form's person picker
   (victim-picker.js): an ARIA 1.2 combobox with a listbox popup over /search/suggest/.
   It asks for suggestions as one types (debounced, an older request aborted), draws them as options, moves the
   highlight with the up and down arrows (aria-activedescendant), chooses with Enter or a click, closes with Escape
   or when the field loses focus, and says in a live region how many were found. What an option shows, what
   choosing does and what is announced belong to the caller:

     var box = Combobox({
       input: <input>, list: <ul role=listbox>, popup: element shown and hidden (default: the list),
       status: the live region, url: the suggest URL, delay: milliseconds to wait after typing (default 250),
       idPrefix: start of each option's id (default: the list's id and "-"),
       draw: function (li, suggestion) fills in an option,
       choose: function (suggestion) what picking an option does,
       describe: function (count) what the live region says when suggestions arrive,
       keepKeys: true if Enter on an open list never sends the form and the down arrow never reaches the field,
       whileFocused: true if suggestions arriving after the field lost focus are dropped,
       scroll: true if the popup and the highlighted option are scrolled into view
     });
     box.close(); box.announce(text); box.setText(text) puts a chosen text in the field without asking for it.

   Without JavaScript (or fetch) nothing here runs: the field is an ordinary one in an ordinary form. */
(function () {
  "use strict";

  function Combobox(options) {
    var input = options.input, list = options.list, popup = options.popup || list, status = options.status;
    var idPrefix = options.idPrefix || list.id + "-";
    var delay = options.delay === undefined ? 250 : options.delay;
    var timer = null, active = -1, items = [], lastQuery = "", controller = null;

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);

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
        if (options.scroll) items[index].element.scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function choose(index) {
      var item = items[index];
      if (item) options.choose(item.suggestion);
    }

    function render(suggestions) {
      close();
      suggestions.forEach(function (suggestion, i) {
        var li = document.createElement("li");
        li.id = idPrefix + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        options.draw(li, suggestion);
        li.addEventListener("mousedown", function (event) { event.preventDefault(); choose(i); });
        list.appendChild(li);
        items.push({ element: li, suggestion: suggestion });
      });
      if (items.length) {
        popup.hidden = false;
        input.setAttribute("aria-expanded", "true");
        // On a phone the list can open below the fold (or under the keyboard): bring it into view.
        if (options.scroll && popup.scrollIntoView) popup.scrollIntoView({ block: "nearest" });
      }
      announce(options.describe(items.length));
    }

    function fetchSuggestions() {
      var q = input.value.trim();
      if (q === lastQuery) return;
      lastQuery = q;
      if (q.length < 2) { close(); announce(""); return; }
      if (controller) controller.abort();
      controller = window.AbortController ? new AbortController() : null;
      fetch(options.url + "?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" }, signal: controller && controller.signal })
        .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
        .then(function (data) {
          if (input.value.trim() !== q) return;
          if (options.whileFocused && document.activeElement !== input) return;
          render(data.suggestions || []);
        })
        .catch(function () { /* aborted or offline: what was typed is sent as it is */ });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(fetchSuggestions, delay);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") {
        if (options.keepKeys || items.length) event.preventDefault();
        if (!items.length) { lastQuery = ""; fetchSuggestions(); return; }
        highlight(active + 1 < items.length ? active + 1 : 0);
      } else if (event.key === "ArrowUp" && items.length) {
        event.preventDefault();
        highlight(active > 0 ? active - 1 : items.length - 1);
      } else if (event.key === "Enter" && (active >= 0 || (options.keepKeys && !popup.hidden))) {
        event.preventDefault();
        if (active >= 0) choose(active);
      } else if (event.key === "Escape" && !popup.hidden) {
        event.preventDefault();
        close();
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });

    return {
      close: close,
      announce: announce,
      setText: function (text) {
        input.value = text;
        lastQuery = text;
      }
    };
  }

  window.Combobox = Combobox;
})();
