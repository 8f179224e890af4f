/* Ouderportaal Kindcentrum De Borg — progressive enhancement only.
   Every page works without this file; it adds:
   - menus ([data-menu] <details>): aria-expanded, Escape, click outside, one open at a time
   - the live ✔/✘ password checklist ([data-password-checklist], [data-password-input])
   - the conference slot preview (.slots[data-slots-needed], .slot--free[data-slot-index])
   - photo upload sent on file choice (form.photo-upload[data-autosubmit])
   - confirmation questions (data-confirm="Vraag?" on a form or a submit button); without
     JS the server asks the same question on its own page (web/confirm.py)
   - the photo viewer ([data-photo-viewer]): arrow keys, Escape, swipe
   - focus on the error summary after a rejected form ([data-error-summary])
   Loaded with `defer`; no inline script (CSP: script-src 'self'). */
(function () {
  "use strict";

  document.documentElement.classList.add("js");

  function ready(fn) {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", fn);
    } else {
      fn();
    }
  }

  /* ---------------------------------------------------------------- menus */
  function initMenus() {
    var menus = Array.prototype.slice.call(document.querySelectorAll("details[data-menu]"));
    if (!menus.length) return;

    function sync(menu) {
      var summary = menu.querySelector("summary");
      if (summary) summary.setAttribute("aria-expanded", menu.open ? "true" : "false");
    }

    menus.forEach(function (menu) {
      sync(menu);
      menu.addEventListener("toggle", function () {
        sync(menu);
        if (menu.open) {
          menus.forEach(function (other) {
            if (other !== menu && other.open) other.open = false;
          });
        }
      });
    });

    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") return;
      menus.forEach(function (menu) {
        if (!menu.open) return;
        var hadFocus = menu.contains(document.activeElement);
        menu.open = false;
        if (hadFocus) menu.querySelector("summary").focus();
      });
    });

    document.addEventListener("click", function (event) {
      menus.forEach(function (menu) {
        if (menu.open && !menu.contains(event.target)) menu.open = false;
      });
    });

    // Leaving an open menu with Tab closes it (focus moved elsewhere).
    document.addEventListener("focusin", function (event) {
      menus.forEach(function (menu) {
        if (menu.open && !menu.contains(event.target)) menu.open = false;
      });
    });
  }

  /* ---------------------------------------------------------------- password checklist */
  // The rules the browser can check; "common" (a known weak password) and "strength" (how
  // easy to guess, and why) only the server can: asked at data-check-url while typing.
  var PASSWORD_RULES = {
    length: function (v) { return v.length >= 8; },
    lower: function (v) { return /[a-z]/.test(v); },
    upper: function (v) { return /[A-Z]/.test(v); },
    digit: function (v) { return /[0-9]/.test(v); },
    special: function (v) { return /[!?@#$%^&\[\]()]/.test(v); }
  };

  function setRule(li, ok) {
    li.classList.toggle("ok", ok);
    li.classList.toggle("fail", !ok);
    var mark = li.querySelector(".checklist__mark");
    if (mark) mark.textContent = ok ? "\u2714" : "\u2718";
    var state = li.querySelector(".checklist__state");
    if (state) state.textContent = ok ? "(voldaan)" : "(nog niet voldaan)";
  }

  function updateChecklists(value) {
    var lists = document.querySelectorAll("[data-password-checklist]");
    Array.prototype.forEach.call(lists, function (list) {
      Array.prototype.forEach.call(list.querySelectorAll("li[data-rule]"), function (li) {
        var check = PASSWORD_RULES[li.getAttribute("data-rule")];
        if (check) setRule(li, check(value));
      });
    });
  }

  var SERVER_RULES = ["common", "strength"];
  var serverTimer = null;

  function askServer(list, value) {
    var url = list.getAttribute("data-check-url");
    var form = list.closest("form");
    var token = form && form.querySelector("input[name=csrf_token]");
    if (!url || !token) return;
    var body = new FormData();
    body.append("csrf_token", token.value);
    body.append("new_password", value);
    fetch(url, { method: "POST", body: body, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (rules) {
        if (!rules) return;
        SERVER_RULES.forEach(function (name, index) {
          var li = list.querySelector('li[data-rule="' + name + '"]');
          var rule = rules[5 + index];
          if (!li || !rule) return;
          li.querySelector(".checklist__text").textContent = rule.text;
          setRule(li, rule.ok);
        });
      })
      .catch(function () { /* the submit still gets the server's final word */ });
  }

  function scheduleServerCheck(value) {
    clearTimeout(serverTimer);
    serverTimer = setTimeout(function () {
      var lists = document.querySelectorAll("[data-password-checklist][data-check-url]");
      Array.prototype.forEach.call(lists, function (list) { askServer(list, value); });
    }, 400);
  }

  function initPasswordChecklist() {
    if (!document.querySelector("[data-password-checklist]")) return;
    var inputs = document.querySelectorAll("input[data-password-input]");
    Array.prototype.forEach.call(inputs, function (input) {
      input.addEventListener("input", function () {
        updateChecklists(input.value);
        scheduleServerCheck(input.value);
      });
    });
    // A value restored by the browser (back button, autofill) is checked at once.
    if (inputs.length && inputs[0].value) updateChecklists(inputs[0].value);
  }

  /* ---------------------------------------------------------------- conference slots */
  function initSlots() {
    var containers = document.querySelectorAll(".slots[data-slots-needed]");
    Array.prototype.forEach.call(containers, function (container) {
      var needed = parseInt(container.getAttribute("data-slots-needed"), 10);
      if (!(needed >= 1)) needed = 1;
      var previewed = [];

      function slotAt(index) {
        return container.querySelector('[data-slot-index="' + index + '"]');
      }

      // Whether a slot can be the second (third …) part of a booking. The server renders a
      // start as a free button only when the whole conference fits from there; the slots
      // after it may be free but too short to start one themselves (.slot--unavailable),
      // or the child's own booking that is being moved (.slot--mine).
      function isFree(el) {
        return !!el && !el.disabled && (
          el.classList.contains("slot--free") ||
          el.classList.contains("slot--unavailable") ||
          el.classList.contains("slot--mine"));
      }

      function clear() {
        previewed.forEach(function (el) {
          el.classList.remove("slot--highlight", "slot--unavailable-preview");
          if (el.hasAttribute("data-preview-title")) {
            el.removeAttribute("title");
            el.removeAttribute("data-preview-title");
          }
        });
        previewed = [];
      }

      function preview(slot) {
        clear();
        var start = parseInt(slot.getAttribute("data-slot-index"), 10);
        if (isNaN(start)) return;
        var run = [slot];
        for (var i = 1; i < needed; i++) {
          var next = slotAt(start + i);
          if (!isFree(next)) {
            run = null;
            break;
          }
          run.push(next);
        }
        if (run) {
          run.forEach(function (el) { el.classList.add("slot--highlight"); });
          previewed = run;
        } else {
          slot.classList.add("slot--unavailable-preview");
          if (!slot.hasAttribute("title")) {
            slot.setAttribute("title", "Niet genoeg aansluitende tijd vrij voor dit gesprek");
            slot.setAttribute("data-preview-title", "");
          }
          previewed = [slot];
        }
      }

      function target(event) {
        var el = event.target.closest ? event.target.closest(".slot--free[data-slot-index]") : null;
        return el && container.contains(el) ? el : null;
      }

      container.addEventListener("mouseover", function (event) {
        var slot = target(event);
        if (slot && previewed[0] !== slot) preview(slot);
      });
      container.addEventListener("mouseleave", clear);
      container.addEventListener("mouseout", function (event) {
        // Leaving a slot for a gap or a taken slot ends the preview.
        var from = target(event);
        var to = event.relatedTarget && event.relatedTarget.closest
          ? event.relatedTarget.closest(".slot--free[data-slot-index]") : null;
        if (from && !to) clear();
      });
      container.addEventListener("focusin", function (event) {
        var slot = target(event);
        if (slot) preview(slot); else clear();
      });
      container.addEventListener("focusout", function (event) {
        if (!event.relatedTarget || !container.contains(event.relatedTarget)) clear();
      });
    });
  }

  /* ---------------------------------------------------------------- photo upload */
  function initAutosubmit() {
    var forms = document.querySelectorAll("form[data-autosubmit]");
    Array.prototype.forEach.call(forms, function (form) {
      var input = form.querySelector('input[type="file"]');
      if (!input) return;
      input.addEventListener("change", function () {
        if (!input.files || !input.files.length) return;
        if (typeof form.requestSubmit === "function") form.requestSubmit(); else form.submit();
      });
    });
  }

  /* ---------------------------------------------------------------- confirmations */
  function initConfirm() {
    document.addEventListener("submit", function (event) {
      var form = event.target;
      var submitter = event.submitter;
      var question = (submitter && submitter.getAttribute("data-confirm")) ||
        form.getAttribute("data-confirm");
      if (!question) return;
      if (!window.confirm(question)) {
        event.preventDefault();
        return;
      }
      /* answered here: the server need not ask again on its own page (confirm.py) */
      if (!form.querySelector("input[name=bevestigd]")) {
        var confirmed = document.createElement("input");
        confirmed.type = "hidden";
        confirmed.name = "bevestigd";
        confirmed.value = "1";
        form.appendChild(confirmed);
      }
    });
  }

  /* ---------------------------------------------------------------- photo viewer */
  /* The viewer is plain pages with Vorige/Volgende links; here the arrow keys follow them,
     Escape goes back to the album, and a horizontal swipe on a phone turns the page. */
  function initPhotoViewer() {
    var viewer = document.querySelector("[data-photo-viewer]");
    if (!viewer) return;
    function follow(selector) {
      var link = viewer.querySelector(selector);
      if (link) window.location.href = link.href;
    }
    document.addEventListener("keydown", function (event) {
      if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
      var target = event.target;
      if (target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
      if (event.key === "ArrowLeft") follow("[data-viewer-prev]");
      else if (event.key === "ArrowRight") follow("[data-viewer-next]");
      else if (event.key === "Escape") follow("[data-viewer-back]");
    });
    var startX = null, startY = null;
    viewer.addEventListener("touchstart", function (event) {
      if (event.touches.length !== 1) { startX = null; return; }
      startX = event.touches[0].clientX;
      startY = event.touches[0].clientY;
    }, { passive: true });
    viewer.addEventListener("touchend", function (event) {
      if (startX === null) return;
      var dx = event.changedTouches[0].clientX - startX;
      var dy = event.changedTouches[0].clientY - startY;
      startX = null;
      if (Math.abs(dx) < 50 || Math.abs(dx) < 2 * Math.abs(dy)) return;
      follow(dx < 0 ? "[data-viewer-next]" : "[data-viewer-prev]");
    });
  }

  /* ---------------------------------------------------------------- error summary */
  function initErrorSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) summary.focus();
  }

  ready(function () {
    initMenus();
    initPasswordChecklist();
    initSlots();
    initAutosubmit();
    initConfirm();
    initPhotoViewer();
    initErrorSummary();
  });
})();
