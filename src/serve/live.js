// Live reload for `briefing serve`: reloads the page after each good save and
// shows the problems of a broken one over the last good page.
(function () {
  "use strict";
  var me = document.currentScript;
  var version = me ? me.getAttribute("data-version") : null;
  var source = new EventSource("/__briefing/events");
  var overlay = null;

  // A page from an older build than the server's current one reloads.
  source.addEventListener("hello", function (event) {
    if (version !== null && event.data !== version) location.reload();
  });
  source.addEventListener("reload", function () {
    location.reload();
  });
  source.addEventListener("problem", function (event) {
    show(JSON.parse(event.data));
  });

  function show(problems) {
    hide();
    overlay = document.createElement("div");
    overlay.id = "briefing-error-overlay";
    overlay.setAttribute("role", "alertdialog");
    overlay.setAttribute("aria-label", "Build problems");
    overlay.style.cssText =
      "position:fixed;inset:0;z-index:2147483647;background:rgba(20,20,24,.96);color:#f4f4f5;" +
      "font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;padding:2rem;overflow:auto";
    var title = document.createElement("p");
    title.style.cssText = "font-weight:bold;color:#fca5a5;font-size:16px;margin:0 0 .5rem";
    title.textContent = problems.length === 1 ? "The last save has a problem" : "The last save has " + problems.length + " problems";
    overlay.appendChild(title);
    var note = document.createElement("p");
    note.style.cssText = "margin:0 0 1.5rem;color:#d4d4d8";
    note.textContent = "This page is the last good build. Fix the file and save: this message clears by itself.";
    overlay.appendChild(note);
    problems.forEach(function (problem) {
      var pre = document.createElement("pre");
      pre.className = "briefing-problem";
      pre.style.cssText = "white-space:pre-wrap;margin:0 0 1rem;padding:1rem;background:#27272a;border-left:4px solid #f87171";
      pre.textContent = problem.text;
      overlay.appendChild(pre);
    });
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "Hide";
    close.style.cssText = "font:inherit;padding:.4rem 1rem;cursor:pointer";
    close.addEventListener("click", hide);
    overlay.appendChild(close);
    document.body.appendChild(overlay);
  }

  function hide() {
    if (overlay && overlay.parentNode) overlay.parentNode.removeChild(overlay);
    overlay = null;
  }
})();
