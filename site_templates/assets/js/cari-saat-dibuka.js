// Search on demand. The theme starts its search worker and downloads the whole search index on
// every page load, which is about half of what a first visit costs on a phone. This script, loaded
// before the theme's, holds both back until the reader opens search (the search box, its icon,
// the keyboard shortcut, a shared ?q= link or a result's ?h= link), then lets them go: the theme's search works exactly
// as before, a moment later. Nothing else is touched.
(function () {
  var RealWorker = window.Worker;
  var XHR = window.XMLHttpRequest;
  if (!RealWorker || !XHR || !document.addEventListener) return;

  var opened = false;
  var waiting = [];

  function open() {
    if (opened) return;
    opened = true;
    waiting.splice(0).forEach(function (go) { go(); });
  }

  function whenOpened(go) {
    if (opened) go(); else waiting.push(go);
  }

  function isSearchWorker(url) {
    return /\/workers\/search\.[^\/]*\.js(\?|$)/.test(String(url));
  }

  function isSearchIndex(url) {
    return /\/search\/search_index\.json(\?|$)/.test(String(url));
  }

  // A stand-in for the theme's search worker: messages and listeners wait until search is opened.
  function DeferredWorker(url, options) {
    var real = null;
    var messages = [];
    var listeners = [];
    this.postMessage = function (message) {
      if (real) real.postMessage(message); else messages.push(message);
    };
    this.addEventListener = function (type, listener, flags) {
      if (real) real.addEventListener(type, listener, flags); else listeners.push([type, listener, flags]);
    };
    this.removeEventListener = function (type, listener, flags) {
      if (real) { real.removeEventListener(type, listener, flags); return; }
      listeners = listeners.filter(function (entry) { return entry[0] !== type || entry[1] !== listener; });
    };
    this.terminate = function () {
      if (real) real.terminate();
      messages = [];
    };
    whenOpened(function () {
      real = new RealWorker(url, options);
      listeners.forEach(function (entry) { real.addEventListener(entry[0], entry[1], entry[2]); });
      messages.splice(0).forEach(function (message) { real.postMessage(message); });
    });
  }

  window.Worker = function (url, options) {
    return isSearchWorker(url) ? new DeferredWorker(url, options) : new RealWorker(url, options);
  };
  window.Worker.prototype = RealWorker.prototype;

  var xhrOpen = XHR.prototype.open;
  var xhrSend = XHR.prototype.send;
  XHR.prototype.open = function (method, url) {
    this.__lkjipIndeks = isSearchIndex(url);
    return xhrOpen.apply(this, arguments);
  };
  XHR.prototype.send = function () {
    var request = this;
    var args = arguments;
    if (!request.__lkjipIndeks) return xhrSend.apply(request, args);
    whenOpened(function () { xhrSend.apply(request, args); });
  };

  // a shared search (?q=) and a page opened from a search result (?h=, its words highlighted)
  // need the index at once
  if (/[?&][qh]=/.test(window.location.search)) open();
  document.addEventListener("focusin", function (event) {
    if (event.target && event.target.matches && event.target.matches("[data-md-component=search-query]")) open();
  });
  document.addEventListener("change", function (event) {
    if (event.target && event.target.id === "__search" && event.target.checked) open();
  });
  document.addEventListener("click", function (event) {
    if (event.target && event.target.closest && event.target.closest("label[for=__search]")) open();
  });
})();
