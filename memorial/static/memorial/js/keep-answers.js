/* Keeps what the family typed in a form while they move between pages of this tab: switching the language,
   going back after sending, reloading. Only in this tab's sessionStorage (gone when the tab closes), never
   files, tokens or hidden fields; forgotten once the form has been received. Without JavaScript the form
   works as before. */
(function () {
  "use strict";

  var SKIPPED_TYPES = ["file", "hidden", "password", "submit", "button", "reset"];

  function storage() {
    try {
      return window.sessionStorage;
    } catch (error) {
      return null; // storage disabled: nothing is kept, nothing breaks
    }
  }

  function kept(field) {
    return field.name && SKIPPED_TYPES.indexOf(field.type) === -1 && !field.hasAttribute("data-not-kept") &&
      !field.closest("[aria-hidden='true'], template");
  }

  function save(form, key, store) {
    var values = {};
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!kept(field)) return;
      if (field.type === "checkbox" || field.type === "radio") {
        if (field.checked) (values[field.name] = values[field.name] || []).push(field.value);
      } else if (field.value) {
        values[field.name] = field.value;
      }
    });
    store.setItem(key, JSON.stringify(values));
  }

  function untouched(form) {
    // A page the server filled (a form sent back with its errors) keeps the server's values.
    return !Array.prototype.some.call(form.elements, function (field) {
      return kept(field) && field.type !== "checkbox" && field.type !== "radio" && field.tagName !== "SELECT" && field.value;
    });
  }

  function restore(form, key, store) {
    var values;
    try {
      values = JSON.parse(store.getItem(key) || "null");
    } catch (error) {
      values = null;
    }
    if (!values || !untouched(form)) return;
    addRowsFor(form, values);
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!kept(field) || !(field.name in values)) return;
      var value = values[field.name];
      if (field.type === "checkbox" || field.type === "radio") {
        field.checked = value.indexOf(field.value) !== -1;
      } else {
        field.value = value;
      }
      field.dispatchEvent(new Event("change", { bubbles: true }));
      var details = field.closest("details");
      if (details && field.value && field.type !== "checkbox" && field.type !== "radio") details.open = true;
    });
  }

  function addRowsFor(form, values) {
    // Rows the family added with "Add another person" exist only in the page they were added in: add them again.
    form.querySelectorAll("input[name$='-TOTAL_FORMS']").forEach(function (total) {
      var prefix = total.name.slice(0, -"TOTAL_FORMS".length);
      var add = form.querySelector("[data-add-person]");
      var highest = -1;
      Object.keys(values).forEach(function (name) {
        if (name.indexOf(prefix) !== 0) return;
        var index = parseInt(name.slice(prefix.length), 10);
        if (!isNaN(index) && index > highest) highest = index;
      });
      if (!add || parseInt(total.value, 10) > highest) return;
      var focused = document.activeElement;
      for (var tries = 0; !add.disabled && parseInt(total.value, 10) <= highest && tries < 30; tries++) {
        add.click();
      }
      // Rebuilding the page is no news: put focus back and say nothing.
      if (focused && focused !== document.body && focused.focus) focused.focus();
      else if (document.activeElement && document.activeElement.blur) document.activeElement.blur();
      form.querySelectorAll("[data-people-status]").forEach(function (status) { status.textContent = ""; });
    });
  }

  var store = storage();
  if (!store) return;
  document.querySelectorAll("[data-forget-answers]").forEach(function (element) {
    store.removeItem("answers:" + element.getAttribute("data-forget-answers"));
  });
  document.querySelectorAll("form[data-keep-answers]").forEach(function (form) {
    var key = "answers:" + form.getAttribute("data-keep-answers");
    restore(form, key, store);
    var later;
    function soon() {
      window.clearTimeout(later);
      later = window.setTimeout(function () { save(form, key, store); }, 300);
    }
    form.addEventListener("input", soon);
    form.addEventListener("change", soon);
    // Also just before the page goes (a language switch is a navigation away).
    window.addEventListener("pagehide", function () { save(form, key, store); });
  });
})();
