/* The school's side: a small Markdown toolbar, and progressive enhancement of the album
   upload (drag and drop, progress per file). Everything works without this script. */
(function () {
  "use strict";

  var TOOLS = [
    { label: "Vet", text: "B", before: "**", after: "**", sample: "vette tekst" },
    { label: "Schuin", text: "I", before: "*", after: "*", sample: "schuine tekst" },
    { label: "Kopje", text: "H", before: "\n## ", after: "\n", sample: "Kopje" },
    { label: "Opsomming", text: "•", before: "\n- ", after: "", sample: "punt" },
    { label: "Link", text: "🔗", before: "[", after: "](https://)", sample: "linktekst" }
  ];

  function wrap(area, tool) {
    var start = area.selectionStart, end = area.selectionEnd;
    var chosen = area.value.slice(start, end) || tool.sample;
    area.value = area.value.slice(0, start) + tool.before + chosen + tool.after + area.value.slice(end);
    area.focus();
    area.selectionStart = start + tool.before.length;
    area.selectionEnd = area.selectionStart + chosen.length;
  }

  function toolbar(editor) {
    var area = editor.querySelector("textarea");
    if (!area) return;
    var bar = document.createElement("div");
    bar.className = "md-toolbar";
    bar.setAttribute("role", "toolbar");
    bar.setAttribute("aria-label", "Opmaak");
    TOOLS.forEach(function (tool) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = tool.text;
      button.setAttribute("aria-label", tool.label);
      button.title = tool.label;
      button.addEventListener("click", function () { wrap(area, tool); });
      bar.appendChild(button);
    });
    area.parentNode.insertBefore(bar, area);
  }

  function uploader(form) {
    var input = form.querySelector("input[type=file]");
    var zone = form.querySelector("[data-dropzone]");
    var list = form.querySelector("[data-upload-list]");
    if (!input || !zone || !list || !window.FormData || !window.XMLHttpRequest) return;
    var chosen = [];

    function show(files) {
      chosen = Array.prototype.slice.call(files);
      list.textContent = "";
      chosen.forEach(function (file) {
        var row = document.createElement("li");
        var name = document.createElement("span");
        name.textContent = file.name;
        var bar = document.createElement("progress");
        bar.max = 100; bar.value = 0;
        bar.setAttribute("aria-label", "Voortgang " + file.name);
        var state = document.createElement("span");
        state.textContent = "klaar om te uploaden";
        row.appendChild(name); row.appendChild(bar); row.appendChild(state);
        list.appendChild(row);
        file.row = { bar: bar, state: state };
      });
    }

    input.addEventListener("change", function () { show(input.files); });
    ["dragenter", "dragover"].forEach(function (type) {
      zone.addEventListener(type, function (event) { event.preventDefault(); zone.classList.add("dropzone--over"); });
    });
    ["dragleave", "drop"].forEach(function (type) {
      zone.addEventListener(type, function () { zone.classList.remove("dropzone--over"); });
    });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      show(event.dataTransfer.files);
    });

    form.addEventListener("submit", function (event) {
      if (!chosen.length) return;  // nothing chosen: the server answers with its message
      event.preventDefault();
      var fields = new FormData(form);
      fields.delete(input.name);
      var index = 0, failed = 0;
      function next() {
        if (index >= chosen.length) {
          window.location = form.getAttribute("data-done") || window.location.href;
          return;
        }
        var file = chosen[index++];
        var body = new FormData();
        fields.forEach(function (value, key) { body.append(key, value); });
        body.append(input.name, file);
        var request = new XMLHttpRequest();
        request.open("POST", form.action);
        request.setRequestHeader("X-Requested-With", "XMLHttpRequest");
        request.upload.addEventListener("progress", function (e) {
          if (e.lengthComputable) file.row.bar.value = Math.round(e.loaded / e.total * 100);
        });
        request.addEventListener("load", function () {
          var ok = request.status < 400;
          file.row.bar.value = 100;
          file.row.state.textContent = ok ? "geüpload" : "niet gelukt";
          if (!ok) failed++;
          next();
        });
        request.addEventListener("error", function () { file.row.state.textContent = "niet gelukt"; failed++; next(); });
        file.row.state.textContent = "bezig…";
        request.send(body);
      }
      next();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("[data-markdown-editor]"), toolbar);
    Array.prototype.forEach.call(document.querySelectorAll("form[data-album-upload]"), uploader);
  });
})();
