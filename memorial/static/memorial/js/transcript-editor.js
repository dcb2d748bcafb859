/* The staff's transcript editor (templates/admin/archive/testimony/transcript_editor.html). Without this script the
   page is a form whose buttons save; with it: the player's own buttons, marks of the current time as a segment's
   start or end, the segment played from its start, a new segment added after another, keyboard shortcuts as
   transcribers expect (listed on the page), and each button's save sent in the background so the recording keeps
   playing: the saved page's form takes the place of this one, and its message is read out. */
(function () {
  "use strict";

  var root = document.querySelector("[data-transcript-editor]");
  if (!root) {
    return;
  }
  var media = root.querySelector("[data-editor-media]");
  var form = root.querySelector("[data-editor-form]");
  var status = root.querySelector("[data-editor-status]");
  var lastField = null; // the field last focused in a row: where a shortcut acts, and the caret a split uses
  var sending = false;

  function clock(seconds) {
    // As the form writes times: 00:01:02.500.
    var ms = Math.round(Math.max(0, seconds) * 1000);
    var parts = [Math.floor(ms / 3600000), Math.floor(ms / 60000) % 60, Math.floor(ms / 1000) % 60];
    var text = parts.map(function (part) { return String(part).padStart(2, "0"); }).join(":");
    return text + "." + String(ms % 1000).padStart(3, "0");
  }

  function secondsOf(text) {
    var match = /^\s*(?:(\d+):)?(?:(\d+):)?(\d+(?:\.\d+)?)\s*$/.exec(text || "");
    if (!match) {
      return null;
    }
    var hours = match[2] === undefined ? 0 : parseInt(match[1] || "0", 10);
    var minutes = match[2] === undefined ? parseInt(match[1] || "0", 10) : parseInt(match[2], 10);
    return hours * 3600 + minutes * 60 + parseFloat(match[3]);
  }

  function now() {
    return media ? media.currentTime : 0;
  }

  // --- the player ----------------------------------------------------------------------------------------------
  function togglePlay() {
    if (!media) {
      return;
    }
    if (media.paused) {
      var playing = media.play();
      if (playing && playing.catch) {
        playing.catch(function () {});
      }
    } else {
      media.pause();
    }
  }

  function skip(delta) {
    if (media) {
      media.currentTime = Math.max(0, Math.min(media.currentTime + delta, media.duration || Infinity));
    }
  }

  if (media) {
    var controls = root.querySelector("[data-editor-controls]");
    var playButton = controls.querySelector("[data-editor-play]");
    var output = controls.querySelector("[data-editor-time]");
    controls.hidden = false;
    playButton.addEventListener("click", togglePlay);
    controls.querySelector("[data-editor-back]").addEventListener("click", function () { skip(-5); });
    controls.querySelector("[data-editor-forward]").addEventListener("click", function () { skip(5); });
    var showState = function () {
      playButton.textContent = playButton.getAttribute(media.paused ? "data-label-play" : "data-label-pause");
      playButton.setAttribute("aria-pressed", media.paused ? "false" : "true");
    };
    media.addEventListener("play", showState);
    media.addEventListener("pause", showState);
    var showTime = function () { output.textContent = clock(media.currentTime); };
    media.addEventListener("timeupdate", showTime);
    media.addEventListener("seeked", showTime);
  }

  // --- rows ----------------------------------------------------------------------------------------------------
  function rowOf(element) {
    return element && element.closest ? element.closest("[data-editor-row]") : null;
  }

  function field(row, name) {
    return row.querySelector("[name$='-" + name + "']");
  }

  function currentRow() {
    return rowOf(document.activeElement) || (lastField && form.contains(lastField) ? rowOf(lastField) : null);
  }

  function isStored(row) {
    var initial = parseInt(form.querySelector("[name$='-INITIAL_FORMS']").value, 10);
    return parseInt(row.getAttribute("data-editor-row"), 10) < initial;
  }

  function enhance() {
    // What needs this script is hidden in the page; what needs the recording too, only where there is one.
    Array.prototype.forEach.call(form.querySelectorAll("[data-editor-add]"), function (button) {
      button.hidden = false;
    });
    if (media) {
      Array.prototype.forEach.call(form.querySelectorAll("[data-editor-mark], [data-editor-seek]"), function (button) {
        button.hidden = false;
      });
    }
  }

  function mark(row, which) {
    if (!row || !media) {
      return;
    }
    var input = field(row, which);
    input.value = clock(now());
    input.dispatchEvent(new Event("input", { bubbles: true }));
    announce(input.labels && input.labels[0] ? input.labels[0].textContent + " " + input.value : input.value);
  }

  function playFrom(row) {
    var start = secondsOf(field(row, "start").value);
    if (media && start !== null) {
      media.currentTime = start;
      if (media.paused) {
        togglePlay();
      }
    }
  }

  function addAfter(row) {
    var template = form.querySelector("[data-editor-new-row]");
    var total = form.querySelector("[name$='-TOTAL_FORMS']");
    var index = parseInt(total.value, 10);
    var holder = document.createElement("ol");
    holder.innerHTML = template.innerHTML.replace(/__prefix__/g, String(index));
    var added = holder.firstElementChild;
    total.value = String(index + 1);
    var list = form.querySelector("[data-editor-segments]");
    if (row) {
      row.after(added);
    } else {
      list.appendChild(added);
    }
    var previousEnd = row ? secondsOf(field(row, "end").value) : null;
    var start = media && now() > 0 ? now() : previousEnd;
    if (start !== null) {
      field(added, "start").value = clock(start);
    }
    if (row) {
      field(added, "speaker_role").value = field(row, "speaker_role").value;
    }
    enhance();
    field(added, "text").focus();
  }

  // --- sending a button's save without leaving the page ------------------------------------------------------
  function announce(text) {
    if (status) {
      status.textContent = text;
    }
  }

  function caretFor(row) {
    var text = field(row, "text");
    if (lastField !== text || text.selectionStart === null) {
      return "";
    }
    // The server counts characters, the browser UTF-16 units; newlines are one character both ways.
    return String(Array.from(text.value.slice(0, text.selectionStart)).length);
  }

  function replaceWith(html, address) {
    var page = new DOMParser().parseFromString(html, "text/html");
    var saved = page.querySelector("[data-editor-form]");
    if (!saved) {
      window.location.assign(address); // not the editor (signed out, refused): show what the server said
      return;
    }
    form.innerHTML = saved.innerHTML;
    var messages = page.querySelector(".messagelist");
    var shown = document.querySelector(".messagelist");
    if (shown) {
      shown.remove();
    }
    if (messages) {
      document.getElementById("content").before(messages);
      announce(messages.textContent.trim().replace(/\s+/g, " "));
    }
    enhance();
    var focus = new URL(address).searchParams.get("focus");
    var problems = form.querySelector("[data-editor-problems]");
    var target = focus ? form.querySelector("#segment-" + focus + " textarea") : null;
    if (problems) {
      problems.setAttribute("tabindex", "-1");
      problems.focus();
      announce(problems.textContent.trim().replace(/\s+/g, " "));
    } else if (target) {
      target.focus();
      target.setSelectionRange(0, 0);
    }
  }

  function send(op, row) {
    if (sending) {
      return;
    }
    if (op.indexOf("split:") === 0 && row) {
      var moment = form.querySelector("[name=at]");
      if (media && now() > 0) {
        moment.value = clock(now());
      }
      form.querySelector("[name=caret]").value = caretFor(row);
    }
    var data = new FormData(form);
    data.set("op", op);
    sending = true;
    form.setAttribute("aria-busy", "true");
    fetch(form.getAttribute("action") || window.location.href, {
      method: "POST",
      body: data,
      credentials: "same-origin",
    })
      .then(function (response) {
        return response.text().then(function (html) {
          replaceWith(html, response.url);
        });
      })
      .catch(function () {
        form.submit(); // the network failed the script: the plain form still says what happened
      })
      .then(function () {
        sending = false;
        form.removeAttribute("aria-busy");
      });
  }

  function operate(kind, row) {
    if (row && isStored(row)) {
      send(kind + ":" + row.getAttribute("data-editor-row"), row);
    }
  }

  form.addEventListener("submit", function (event) {
    var button = event.submitter;
    if (!button || button.name !== "op") {
      return;
    }
    event.preventDefault();
    send(button.value, rowOf(button));
  });

  form.addEventListener("focusin", function (event) {
    // A row's button takes the focus when pressed: the field before it is still where the curator was.
    if (rowOf(event.target) && event.target.tagName !== "BUTTON") {
      lastField = event.target;
    }
  });

  form.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button || button.type !== "button") {
      return;
    }
    var row = rowOf(button);
    if (button.hasAttribute("data-editor-mark")) {
      mark(row, button.getAttribute("data-editor-mark"));
    } else if (button.hasAttribute("data-editor-seek")) {
      playFrom(row);
    } else if (button.hasAttribute("data-editor-add")) {
      addAfter(row);
    }
  });

  // --- shortcuts: plain keys type in the text, so every one but Esc takes Ctrl or Alt -------------------------
  document.addEventListener("keydown", function (event) {
    var handled = true;
    if (event.key === "Escape" || (event.ctrlKey && event.code === "Space")) {
      togglePlay();
    } else if (event.altKey && event.key === "ArrowLeft") {
      skip(-5);
    } else if (event.altKey && event.key === "ArrowRight") {
      skip(5);
    } else if (event.altKey && event.code === "KeyI") {
      mark(currentRow(), "start");
    } else if (event.altKey && event.code === "KeyO") {
      mark(currentRow(), "end");
    } else if (event.altKey && event.key === "Enter") {
      operate("split", currentRow());
    } else if (event.altKey && event.code === "KeyJ") {
      operate("join", currentRow());
    } else if (event.altKey && event.code === "KeyN") {
      addAfter(currentRow());
    } else if ((event.ctrlKey || event.metaKey) && event.code === "KeyS") {
      send("save", null);
    } else {
      handled = false;
    }
    if (handled) {
      event.preventDefault();
    }
  });

  enhance();
  var focused = form.getAttribute("data-focus");
  var first = focused ? form.querySelector("#segment-" + focused + " textarea") : null;
  if (first) {
    first.focus();
    first.setSelectionRange(0, 0);
  }
})();
