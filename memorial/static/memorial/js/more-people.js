/* "Add another person" on the submission form: adds a row of the "more people" formset, from the empty row kept in
   a <template> (its __prefix__ becomes the row's number), raises TOTAL_FORMS, moves focus to the new row's name
   field and says so politely. Stops at MAX_NUM_FORMS (the server refuses more too). Without this script the form
   shows its fixed rows, and more people can be added on the status page afterwards. */
(function () {
  "use strict";
  document.querySelectorAll("[data-more-people]").forEach(function (fieldset) {
    var rows = fieldset.querySelector("[data-people-rows]");
    var template = fieldset.querySelector("template[data-person-template]");
    var box = fieldset.querySelector("[data-add-person-box]");
    var button = fieldset.querySelector("[data-add-person]");
    var status = fieldset.querySelector("[data-people-status]");
    var total = fieldset.querySelector("input[name$='-TOTAL_FORMS']");
    var max = fieldset.querySelector("input[name$='-MAX_NUM_FORMS']");
    if (!rows || !template || !template.content || !button || !total) return;
    var limit = max ? parseInt(max.value, 10) : Infinity;

    function count() { return parseInt(total.value, 10) || 0; }

    function full() { return count() >= limit; }

    function firstField(row) {
      var fields = row.querySelectorAll("input:not([type=hidden]), select, textarea");
      for (var i = 0; i < fields.length; i++) {
        if (fields[i].offsetParent !== null) return fields[i];
      }
      return null;
    }

    function empty(row) {
      return !Array.prototype.some.call(row.querySelectorAll("input, select, textarea"), function (field) {
        return field.type !== "hidden" && field.type !== "checkbox" && field.type !== "radio" && field.value;
      });
    }

    function unopened() {
      // The form's own empty rows (closed <details>) come first: Person 2 before a new Person 4.
      var shown = rows.querySelectorAll("details.other-person");
      for (var i = 0; i < shown.length; i++) {
        if (!shown[i].open && empty(shown[i])) return { row: shown[i], number: i + 2 };
      }
      return null;
    }

    function open(found) {
      found.row.open = true;
      var field = firstField(found.row);
      if (field) field.focus();
      status.textContent = button.getAttribute("data-added").replace("{number}", found.number);
    }

    function add() {
      var waiting = unopened();
      if (waiting) {
        open(waiting);
        return;
      }
      if (full()) {
        status.textContent = button.getAttribute("data-full");
        return;
      }
      var index = count();
      var number = index + 2; // person 1 is the one the testimony is about
      var holder = document.createElement("div");
      holder.innerHTML = template.innerHTML.replace(/__prefix__/g, index).replace(/__number__/g, number);
      var row = holder.firstElementChild;
      rows.appendChild(row);
      total.value = index + 1;
      row.dispatchEvent(new CustomEvent("people:row-added", { bubbles: true }));
      var field = firstField(row);
      if (field) field.focus();
      status.textContent = button.getAttribute("data-added").replace("{number}", number);
      if (full()) {
        button.disabled = true;
        status.textContent += " " + button.getAttribute("data-full");
      }
    }

    button.addEventListener("click", add);
    box.hidden = false;
    if (full() && !unopened()) button.disabled = true;
  });
})();
