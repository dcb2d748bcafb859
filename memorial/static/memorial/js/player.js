/* A testimony's transcript follows its recording: the line being heard is marked (aria-current), a click
   on a line plays from there, and a search moves between matches. Without this script the transcript is
   a plain list whose times open the recording at that point (#t=seconds). */
(function () {
  "use strict";

  var media = document.querySelector("[data-transcript-media]");
  var list = document.querySelector("[data-segments]");
  if (!media || !list) {
    return;
  }
  var items = Array.prototype.slice.call(list.querySelectorAll(".segment"));
  var starts = items.map(function (item) {
    return parseFloat(item.getAttribute("data-start")) || 0;
  });
  var current = null;

  function seek(seconds, play) {
    media.currentTime = seconds;
    if (play) {
      var playing = media.play();
      if (playing && playing.catch) {
        playing.catch(function () {}); // autoplay refused: the position is still set
      }
    }
  }

  function lineAt(seconds) {
    var index = -1;
    for (var i = 0; i < starts.length; i += 1) {
      if (starts[i] <= seconds + 0.05) {
        index = i;
      } else {
        break;
      }
    }
    return index < 0 ? null : items[index];
  }

  function keepInView(item) {
    // Scroll the transcript's own box, never the page, so the reader is not pulled about.
    if (list.scrollHeight <= list.clientHeight) {
      return;
    }
    var top = item.offsetTop - list.offsetTop;
    if (top < list.scrollTop || top + item.offsetHeight > list.scrollTop + list.clientHeight) {
      list.scrollTop = Math.max(0, top - list.clientHeight / 3);
    }
  }

  function follow() {
    var item = lineAt(media.currentTime);
    if (item === current) {
      return;
    }
    if (current) {
      current.removeAttribute("aria-current");
    }
    current = item;
    if (item) {
      item.setAttribute("aria-current", "true");
      keepInView(item);
    }
  }

  media.addEventListener("timeupdate", follow);
  media.addEventListener("seeked", follow);

  list.addEventListener("click", function (event) {
    var item = event.target.closest(".segment");
    if (!item) {
      return;
    }
    var selection = window.getSelection && window.getSelection();
    if (selection && String(selection) && !event.target.closest("a")) {
      return; // the reader is selecting text to copy, not asking to play
    }
    event.preventDefault();
    seek(parseFloat(item.getAttribute("data-start")) || 0, true);
  });

  // A shared link to this page with #t=SECONDS starts there.
  var fragment = /^#t=(\d+(?:\.\d+)?)$/.exec(window.location.hash);
  if (fragment) {
    var start = parseFloat(fragment[1]);
    if (media.readyState >= 1) {
      seek(start, false);
    } else {
      media.addEventListener("loadedmetadata", function () { seek(start, false); }, { once: true });
    }
  }

  // --- search ---------------------------------------------------------------------------------------
  var form = document.querySelector("[data-transcript-search]");
  if (!form) {
    return;
  }
  var input = form.querySelector("[data-search-input]");
  var status = form.querySelector("[data-search-status]");
  var texts = Array.prototype.slice.call(list.querySelectorAll("[data-segment-text]"));
  var originals = texts.map(function (node) { return node.textContent; });
  var hits = [];
  var position = -1;
  var lastQuery = "";
  form.hidden = false;

  function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }

  function clear() {
    texts.forEach(function (node, index) { node.textContent = originals[index]; });
    hits = [];
    position = -1;
  }

  function highlight(query) {
    clear();
    lastQuery = query;
    if (!query) {
      status.textContent = "";
      return;
    }
    var pattern = new RegExp(escapeRegExp(query), "giu");
    texts.forEach(function (node, index) {
      var text = originals[index];
      var last = 0;
      var fragment = document.createDocumentFragment();
      var found = false;
      text.replace(pattern, function (match, offset) {
        found = true;
        fragment.appendChild(document.createTextNode(text.slice(last, offset)));
        var mark = document.createElement("mark");
        mark.className = "hit";
        mark.textContent = match;
        fragment.appendChild(mark);
        hits.push(mark);
        last = offset + match.length;
        return match;
      });
      if (found) {
        fragment.appendChild(document.createTextNode(text.slice(last)));
        node.textContent = "";
        node.appendChild(fragment);
      }
    });
    if (!hits.length) {
      status.textContent = form.getAttribute("data-none");
      return;
    }
    go(0);
  }

  function go(index) {
    if (!hits.length) {
      return;
    }
    if (position >= 0) {
      hits[position].classList.remove("hit--current");
    }
    position = (index + hits.length) % hits.length;
    var hit = hits[position];
    hit.classList.add("hit--current");
    var item = hit.closest(".segment");
    keepInView(item);
    status.textContent = form.getAttribute("data-count")
      .replace("{current}", String(position + 1))
      .replace("{total}", String(hits.length));
  }

  var pending = null;
  input.addEventListener("input", function () {
    window.clearTimeout(pending);
    pending = window.setTimeout(function () { highlight(input.value.trim()); }, 150);
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      event.preventDefault();
      window.clearTimeout(pending);
      if (input.value.trim() !== lastQuery) {
        highlight(input.value.trim());
      } else {
        go(position + (event.shiftKey ? -1 : 1));
      }
    } else if (event.key === "Escape") {
      input.value = "";
      clear();
      status.textContent = "";
    }
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.querySelector("[data-search-next]").addEventListener("click", function () { go(position + 1); });
  form.querySelector("[data-search-previous]").addEventListener("click", function () { go(position - 1); });
})();
