// chronomerge local page: drag and drop onto the file box, and progress while
// the pack is built. Talks only to this page's own server.
(function () {
  "use strict";
  document.querySelectorAll("form[data-drop]").forEach(function (form) {
    var input = form.querySelector("input[type=file]");
    ["dragenter", "dragover"].forEach(function (name) {
      form.addEventListener(name, function (event) {
        event.preventDefault();
        form.classList.add("dragging");
      });
    });
    ["dragleave", "drop"].forEach(function (name) {
      form.addEventListener(name, function () { form.classList.remove("dragging"); });
    });
    form.addEventListener("drop", function (event) {
      event.preventDefault();
      if (event.dataTransfer && event.dataTransfer.files.length) {
        input.files = event.dataTransfer.files;
      }
    });
  });
  var status = document.querySelector(".progress[data-job]");
  if (status) {
    var job = status.getAttribute("data-job");
    var poll = function () {
      fetch("/jobs/" + job + ".json", { credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          if (data.status === "running") {
            status.textContent = data.stage + "…";
            window.setTimeout(poll, 700);
          } else {
            window.location.reload();
          }
        })
        .catch(function () { window.setTimeout(poll, 2000); });
    };
    window.setTimeout(poll, 500);
  }
})();
