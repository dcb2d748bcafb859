/* "Is this the person?": on the submission form, the name field offers matching public victims as one types
   (from /search/suggest/, which matches names across scripts and spellings, with each person's dates and place).
   The shared combobox (combobox.js): up and down arrows move, Enter chooses, Escape closes; a live region
   says how many were found and what was chosen. Choosing fills in the person's permanent identifier (the number
   field, the no-JavaScript fallback, hidden here) and shows the person with a link to their page and "Not this
   person". The page never lists the archive's names: it asks for the few that match what is typed.
   Rows added by more-people.js are set up when they arrive. */
(function () {
  "use strict";
  if (!window.fetch || !window.Combobox) return;
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
    var url = box.getAttribute("data-suggest-url");
    if (!field || !input || !list || !url) return;
    // The person chosen so far: the one the page came with (from a victim's page, or a form sent back), if any.
    var chosen = field.value && !chosenBox.hidden ? { identifier: field.value, label: chosenName.textContent } : null;

    // The combobox takes the number field's place; it stays in the form, and is what is sent. A number the server
    // refused stays in view with its error, so that it can be corrected.
    if (!number.querySelector(".field--error")) number.hidden = true;
    if (hint) hint.hidden = true;
    clear.hidden = false;

    function details(suggestion) {
      return [suggestion.dates, suggestion.place, suggestion.identifier]
        .filter(function (part) { return part; }).join(" · ");
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

    function unchoose(silently) {
      if (!field.value && !chosen) return;
      field.value = "";
      field.dispatchEvent(new Event("change", { bubbles: true }));
      showChosen(null);
      if (!silently) combobox.announce(box.getAttribute("data-cleared"));
    }

    // Typing another name drops the earlier choice: the identifier must never disagree with the name shown.
    // (Registered before the combobox's own listener, so it runs first.)
    input.addEventListener("input", function () {
      if (chosen && input.value.trim() !== chosen.label) unchoose(true);
    });

    var combobox = window.Combobox({
      input: input,
      list: list,
      popup: popup,
      status: box.querySelector("[data-victim-status]"),
      url: url,
      delay: DEBOUNCE_MS,
      keepKeys: true, // choose, never send the form from an open list
      whileFocused: true,
      scroll: true,
      draw: function (li, suggestion) {
        li.className = "victim-picker__option";
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
      },
      choose: function (suggestion) {
        field.value = suggestion.identifier;
        field.dispatchEvent(new Event("change", { bubbles: true }));
        combobox.setText(suggestion.label);
        combobox.close();
        showChosen(suggestion);
        combobox.announce(box.getAttribute("data-chosen") + " " + suggestion.label + ", " + details(suggestion));
      },
      describe: function (count) {
        if (count === 1) return box.getAttribute("data-found-one");
        if (count) return box.getAttribute("data-found").replace("{count}", count);
        return box.getAttribute("data-none");
      }
    });

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
