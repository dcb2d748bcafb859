/* A testimony's player and transcript. A link to this page with ?t=SECONDS (or #t=SECONDS) opens at that
   moment, and "Share this moment" gives such a link for the point being heard. The transcript follows the
   recording: the line being heard is marked (aria-current), a click on a line plays from there, and a search
   moves between matches. Without this script each time in the transcript is a link to this page at that moment,
   where the line is marked and the recording starts (a media fragment on its source). */
(function () {
  "use strict";

  var media = document.querySelector("[data-transcript-media]");
  if (!media) {
    return;
  }
  var list = document.querySelector("[data-segments]");
  var items = list ? Array.prototype.slice.call(list.querySelectorAll(".segment")) : [];
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

  // --- a shared moment: ?t=754 or ?t=12:34 (the share link), #t=754 (older links) ----------------------
  function secondsOf(text) {
    var match = /^(?:(\d+):)?(?:(\d+):)?(\d+(?:\.\d+)?)$/.exec(text || "");
    if (!match) {
      return null;
    }
    var hours = match[2] === undefined ? 0 : parseInt(match[1] || "0", 10);
    var minutes = match[2] === undefined ? parseInt(match[1] || "0", 10) : parseInt(match[2], 10);
    return hours * 3600 + minutes * 60 + parseFloat(match[3]);
  }

  var fragment = /^#t=([\d.:]+)$/.exec(window.location.hash);
  var start = secondsOf(new URLSearchParams(window.location.search).get("t"));
  if (start === null && fragment) {
    start = secondsOf(fragment[1]);
  }
  if (start !== null) {
    if (media.readyState >= 1) {
      seek(start, false);
    } else {
      media.addEventListener("loadedmetadata", function () { seek(start, false); }, { once: true });
    }
  }

  // --- "Share this moment" -----------------------------------------------------------------------------
  function clock(seconds) {
    // As the transcript writes times: 01:15, or 1:02:03 past an hour.
    var whole = Math.floor(seconds);
    var hours = Math.floor(whole / 3600);
    var rest = [Math.floor((whole % 3600) / 60), whole % 60].map(function (part) {
      return String(part).padStart(2, "0");
    });
    return (hours ? hours + ":" : "") + rest.join(":");
  }

  function momentLink(seconds) {
    var whole = Math.floor(seconds);
    var address = new URL(window.location.href);
    address.search = "?t=" + whole;
    var line = lineAt(whole);
    address.hash = line ? "#" + line.id : "";
    return address.href;
  }

  var share = document.querySelector("[data-share-moment]");
  if (share) {
    var shareButton = share.querySelector("[data-share-button]");
    var shareBox = share.querySelector("[data-share-box]");
    var shareLink = share.querySelector("[data-share-link]");
    var shareLabel = share.querySelector("[data-share-label]");
    var shareStatus = share.querySelector("[data-share-status]");
    share.hidden = false;
    shareButton.addEventListener("click", function () {
      var seconds = media.currentTime || 0;
      shareLink.value = momentLink(seconds);
      shareLabel.textContent = share.getAttribute("data-label-at").replace("{time}", clock(seconds));
      shareStatus.textContent = "";
      shareBox.hidden = false;
      shareButton.setAttribute("aria-expanded", "true");
      shareLink.focus();
      shareLink.select();
    });
    share.querySelector("[data-share-copy]").addEventListener("click", function () {
      shareLink.select();
      var done = function () { shareStatus.textContent = share.getAttribute("data-label-copied"); };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(shareLink.value).then(done, function () {});
      }
    });
  }

  // --- the interview's index: a point's link seeks and plays here instead of reloading the page ---------
  Array.prototype.forEach.call(document.querySelectorAll("[data-index-link]"), function (link) {
    link.addEventListener("click", function (event) {
      var point = link.closest("[data-start]");
      var seconds = point ? parseFloat(point.getAttribute("data-start")) : NaN;
      if (isNaN(seconds)) {
        return;
      }
      event.preventDefault();
      window.history.replaceState(null, "", link.href); // the address names the point, as the link would
      seek(seconds, true);
    });
  });

  if (!list) {
    return;
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
  // Another version of the transcript shown in place (transcript-languages.js): search its words from now on.
  list.addEventListener("transcript:version", function () {
    originals = texts.map(function (node) { return node.textContent; });
    var query = lastQuery;
    hits = [];
    position = -1;
    if (query) {
      highlight(query);
    }
  });
  form.querySelector("[data-search-next]").addEventListener("click", function () { go(position + 1); });
  form.querySelector("[data-search-previous]").addEventListener("click", function () { go(position - 1); });
})();
