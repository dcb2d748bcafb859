// Send a form once: a second tap while it uploads is ignored (the server also refuses a duplicate). Coming back to
// the page with the Back button (from the browser's back-forward cache) makes Send work again.
// Where the form carries its checks (data-checks: the id of a JSON list, SubmissionForm.client_checks), the required
// fields are checked before anything is sent, so a long recording is not uploaded only to be refused for a missing
// name: the same summary as the server's (role=alert, focused, a link to each field) says what is missing. The
// server still checks everything; without the script the form works as before.
(function () {
  "use strict";
  var forms = document.querySelectorAll("form[data-submit-once]");

  function elements(form, name) {
    return form.querySelectorAll('[name="' + name + '"]');
  }

  function filled(element) {
    if (element.type === "checkbox" || element.type === "radio") return element.checked;
    if (element.type === "file") return element.files.length > 0;
    return element.value.trim() !== "";
  }

  function chosen(form, name) {
    var found = elements(form, name);
    for (var i = 0; i < found.length; i++) {
      if ((found[i].type === "radio" || found[i].type === "checkbox") && found[i].checked) return found[i].value;
      if (found[i].type !== "radio" && found[i].type !== "checkbox") return found[i].value;
    }
    return "";
  }

  function passes(form, check) {
    if (check.when) {
      for (var name in check.when) {
        if (chosen(form, name) !== check.when[name]) return true; // the check does not apply
      }
    }
    var all = [];
    check.fields.forEach(function (name) {
      all = all.concat(Array.prototype.slice.call(elements(form, name)));
    });
    if (check.valid) {
      return all.every(function (element) { return !element.validity || element.validity.valid; });
    }
    if (check.files) {
      all = all.concat(Array.prototype.slice.call(form.querySelectorAll("input[type=file], [data-pending-keep]")));
    }
    return all.some(filled);
  }

  function showSummary(form, failed) {
    var box = document.getElementById("form-errors");
    if (!box) {
      box = document.createElement("div");
      box.id = "form-errors";
      box.className = "form-errors";
      box.setAttribute("role", "alert");
      box.tabIndex = -1;
      form.insertBefore(box, form.firstChild);
    }
    box.textContent = "";
    var heading = document.createElement("h2");
    heading.textContent = form.getAttribute("data-errors-heading") || "";
    var list = document.createElement("ul");
    failed.forEach(function (check) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = "#" + check.target;
      link.textContent = check.message;
      item.appendChild(link);
      list.appendChild(item);
    });
    box.appendChild(heading);
    box.appendChild(list);
    box.focus();
  }

  function markFields(form, failed) {
    form.querySelectorAll("[data-checked-invalid]").forEach(function (field) {
      field.removeAttribute("aria-invalid");
      field.removeAttribute("data-checked-invalid");
    });
    failed.forEach(function (check) {
      var field = document.getElementById(check.target);
      if (field && !field.hasAttribute("aria-invalid")) {
        field.setAttribute("aria-invalid", "true");
        field.setAttribute("data-checked-invalid", "");
      }
    });
  }

  function checksOf(form) {
    var source = form.getAttribute("data-checks") && document.getElementById(form.getAttribute("data-checks"));
    if (!source) return [];
    try {
      return JSON.parse(source.textContent);
    } catch (error) {
      return []; // the server checks anyway
    }
  }

  function release(form) {
    delete form.dataset.sending;
    form.querySelectorAll("button[type=submit]").forEach(function (button) {
      button.removeAttribute("aria-disabled");
    });
  }

  forms.forEach(function (form) {
    var checks = checksOf(form);
    form.addEventListener("submit", function (event) {
      if (form.dataset.sending) {
        event.preventDefault();
        return;
      }
      var failed = checks.filter(function (check) { return !passes(form, check); });
      markFields(form, failed);
      if (failed.length) {
        event.preventDefault();
        showSummary(form, failed);
        return;
      }
      form.dataset.sending = "1";
      form.querySelectorAll("button[type=submit]").forEach(function (button) {
        button.setAttribute("aria-disabled", "true");
      });
    });
  });

  // Back to a page kept in the back-forward cache: it is as it was when sent, "sending" included.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      forms.forEach(release);
    }
  });

  var errors = document.getElementById("form-errors");
  if (errors) {
    errors.focus();
  }
})();
