// Record audio in the page where the browser allows it (MediaRecorder), and hand the recording to the form as
// an ordinary file (DataTransfer), so it is sent and checked like any upload. Without it, the file inputs remain.
(function () {
  "use strict";
  var box = document.querySelector("[data-recorder]");
  if (!box || !window.MediaRecorder || !navigator.mediaDevices || !window.DataTransfer) {
    return;
  }
  var start = box.querySelector("[data-record-start]");
  var stop = box.querySelector("[data-record-stop]");
  var status = box.querySelector("[data-record-status]");
  var preview = box.querySelector("[data-record-preview]");
  var form = box.closest("form");
  var recorder = null;
  var chunks = [];
  box.hidden = false;

  function emptySlot() {
    var slots = form.querySelectorAll("input[type=file][data-file-slot]");
    for (var i = 0; i < slots.length; i++) {
      if (!slots[i].files.length) {
        return slots[i];
      }
    }
    return null;
  }

  start.addEventListener("click", function () {
    navigator.mediaDevices.getUserMedia({ audio: true }).then(function (stream) {
      var type = ["audio/webm;codecs=opus", "audio/ogg;codecs=opus", "audio/mp4"].filter(function (t) {
        return MediaRecorder.isTypeSupported(t);
      })[0];
      recorder = new MediaRecorder(stream, type ? { mimeType: type } : undefined);
      chunks = [];
      recorder.addEventListener("dataavailable", function (event) {
        chunks.push(event.data);
      });
      recorder.addEventListener("stop", function () {
        stream.getTracks().forEach(function (track) {
          track.stop();
        });
        var mime = (recorder.mimeType || "audio/webm").split(";")[0];
        var extension = { "audio/ogg": "ogg", "audio/mp4": "m4a" }[mime] || "webm";
        var file = new File(chunks, "recording." + extension, { type: mime });
        var slot = emptySlot();
        if (!slot) {
          status.textContent = box.dataset.full || "All file places are used: remove a file first.";
          return;
        }
        var transfer = new DataTransfer();
        transfer.items.add(file);
        slot.files = transfer.files;
        preview.src = URL.createObjectURL(file);
        preview.hidden = false;
        status.textContent = (box.dataset.done || "Recording added to the form as") + " " + slot.labels[0].textContent;
      });
      recorder.start();
      start.disabled = true;
      stop.disabled = false;
      status.textContent = box.dataset.recording || "Recording…";
    }).catch(function () {
      status.textContent = box.dataset.denied || "The microphone cannot be used. You can choose a recording file instead.";
    });
  });

  stop.addEventListener("click", function () {
    if (recorder && recorder.state !== "inactive") {
      recorder.stop();
    }
    start.disabled = false;
    stop.disabled = true;
  });
})();
