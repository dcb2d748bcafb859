/* The transcript's languages: the links "As spoken" and "Translation: …" (?transcript=<language>) work without
   JavaScript, reloading the page; here they change the lines in place instead, from each version's WebVTT (the
   files the player's tracks load), so the recording goes on playing. Every version has the original's times, so
   a cue is the line that starts when it starts; a line the translation leaves out keeps its words as spoken, marked.
   The captions shown in the player follow the choice, if captions are on. */
(function () {
  "use strict";

  var nav = document.querySelector("[data-transcript-versions]");
  var list = document.querySelector("[data-segments]");
  if (!nav || !list || !window.fetch || !window.DOMParser) {
    return;
  }
  var links = Array.prototype.slice.call(nav.querySelectorAll("a[data-src]"));
  var status = nav.querySelector("[data-versions-status]");
  var items = Array.prototype.slice.call(list.querySelectorAll(".segment"));
  var media = document.querySelector("[data-transcript-media]");
  var loaded = {};
  var original = links.filter(function (link) { return !link.getAttribute("data-version"); })[0];

  function key(seconds) {
    return Math.round(seconds * 1000);
  }

  function seconds(stamp) {
    var parts = stamp.split(":");
    var total = 0;
    parts.forEach(function (part) { total = total * 60 + parseFloat(part); });
    return total;
  }

  function plain(markup) {
    // A cue's text: its voice and other tags taken away, its character references read.
    var without = markup.replace(/<[^>]*>/g, "");
    return new DOMParser().parseFromString("<p>" + without + "</p>", "text/html").body.textContent;
  }

  function parse(text) {
    var cues = {};
    text.replace(/\r\n?/g, "\n").split(/\n{2,}/).forEach(function (block) {
      var lines = block.split("\n");
      for (var i = 0; i < lines.length; i += 1) {
        var timing = /^((?:\d+:)?\d{2}:\d{2}\.\d{3})\s+-->\s+((?:\d+:)?\d{2}:\d{2}\.\d{3})/.exec(lines[i]);
        if (timing) {
          cues[key(seconds(timing[1]))] = plain(lines.slice(i + 1).join("\n")).trim();
          return;
        }
      }
    });
    return cues;
  }

  function load(link) {
    var src = link.getAttribute("data-src");
    if (!loaded[src]) {
      loaded[src] = fetch(src, { credentials: "same-origin" }).then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.text();
      }).then(parse);
    }
    return loaded[src];
  }

  function address(version) {
    var url = new URL(window.location.href);
    url.searchParams.delete("t");
    if (version) {
      url.searchParams.set("transcript", version);
    } else {
      url.searchParams.delete("transcript");
    }
    return url;
  }

  function show(link, cues, spoken) {
    var version = link.getAttribute("data-version");
    var language = link.getAttribute("data-language");
    var spokenLanguage = original ? original.getAttribute("data-language") : "";
    items.forEach(function (item) {
      var at = key(parseFloat(item.getAttribute("data-start")) || 0);
      var node = item.querySelector("[data-segment-text]");
      var note = item.querySelector("[data-untranslated]");
      var text = cues[at];
      var missing = version && !text;
      if (missing) {
        text = spoken[at];
      }
      if (text !== undefined) {
        node.textContent = text;
      }
      if (missing && spokenLanguage) {
        node.setAttribute("lang", spokenLanguage);
      } else {
        node.removeAttribute("lang");
      }
      if (missing && !note) {
        note = document.createElement("span");
        note.className = "segment__note";
        note.setAttribute("data-untranslated", "");
        note.textContent = nav.getAttribute("data-untranslated-label");
        node.parentNode.insertBefore(note, node.nextSibling);
        node.parentNode.insertBefore(document.createTextNode(" "), note);
      } else if (!missing && note) {
        note.parentNode.removeChild(note);
      }
      var time = item.querySelector("a.segment__time");
      if (time) {
        var moment = address(version);
        moment.searchParams.set("t", item.getAttribute("data-start"));
        moment.hash = item.id;
        time.setAttribute("href", moment.search + moment.hash);
      }
    });
    if (version) {
      list.setAttribute("lang", version);
    } else {
      list.removeAttribute("lang");
    }
    links.forEach(function (other) {
      if (other === link) {
        other.setAttribute("aria-current", "true");
      } else {
        other.removeAttribute("aria-current");
      }
    });
    window.history.replaceState(null, "", address(version).href);
    status.textContent = nav.getAttribute("data-status-shown").replace("{version}", link.textContent.trim());
    showCaptions(link.getAttribute("data-src"), language);
    list.dispatchEvent(new CustomEvent("transcript:version", { bubbles: true }));
  }

  function showCaptions(src, language) {
    // Only when captions are on: a reader who turned them off keeps them off.
    if (!media || !media.textTracks) {
      return;
    }
    var tracks = Array.prototype.slice.call(media.querySelectorAll("track"));
    var on = tracks.some(function (track) { return track.track && track.track.mode === "showing"; });
    if (!on) {
      return;
    }
    tracks.forEach(function (track) {
      var mine = track.getAttribute("src") === src || (!track.getAttribute("src") && track.srclang === language);
      track.track.mode = mine ? "showing" : "disabled";
    });
  }

  links.forEach(function (link) {
    link.addEventListener("click", function (event) {
      if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
        return; // a new tab or window: the link as it is
      }
      event.preventDefault();
      var wanted = link.getAttribute("data-version") && original ? [load(link), load(original)] : [load(link)];
      Promise.all(wanted).then(function (found) {
        show(link, found[0], found[1] || found[0]);
      }, function () {
        window.location.href = link.href; // the file could not be read: the page itself shows the version
      });
    });
  });
})();
