/* digest: search results from the Pagefind bundles built with the site (pagefind/).
   pagefind/bundles.json lists the bundles (one section of the site each, or a part of one):
   the first is loaded and the others merged into it. The form reloads this page with ?q=;
   results are links relative to this page, so the site works under any sub-path. Pagefind
   fetches its index: the site must be served over HTTP, not opened from disk (a notice says so). */
(function () {
  "use strict";
  var box = document.getElementById("search-results");
  var input = document.getElementById("search-q");
  if (!box || !input) return;
  var data = box.dataset;
  var root = new URL(data.root, location.href);  // the site's index.html
  var pagefind = null;
  var latest = 0;

  function message(text) {
    box.textContent = "";
    var p = document.createElement("p");
    p.className = "search-status";
    p.textContent = text;
    box.appendChild(p);
  }

  function siteUrl(url) {
    // Pagefind's URLs start at the site root ("/articles/x/index.html"): make them relative to the site here.
    var href = new URL(url.replace(/^\/+/, ""), root);
    return href.origin === root.origin ? href.href : root.href;  // never a javascript: or foreign link
  }

  function appendExcerpt(parent, excerpt) {
    // Pagefind's excerpt is the page's escaped text with <mark> around the matches. Only <mark> becomes
    // markup: anything else stays text. DOMParser makes an inert document (nothing in it runs or loads).
    var body = new DOMParser().parseFromString("<!doctype html><body>" + excerpt, "text/html").body;
    body.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        parent.appendChild(mark);
      } else {
        parent.appendChild(document.createTextNode(node.textContent));
      }
    });
  }

  function show(query, results) {
    box.textContent = "";
    var count = document.createElement("p");
    count.className = "search-status";
    count.textContent = results.length
      ? (results.length === 1 ? data.result : data.results).replace("{n}", results.length).replace("{q}", query)
      : data.noResults.replace("{q}", query);
    box.appendChild(count);
    if (!results.length) return;
    var list = document.createElement("ol");
    list.className = "search-list";
    results.forEach(function (result) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.className = "search-title";
      link.href = siteUrl(result.url);
      link.textContent = (result.meta && result.meta.title) || result.url;
      item.appendChild(link);
      var kind = result.meta && result.meta.kind;
      if (kind) {
        var badge = document.createElement("span");
        badge.className = "search-kind";
        badge.textContent = kind;  // already in the site's language
        item.appendChild(document.createTextNode(" "));
        item.appendChild(badge);
      }
      var excerpt = document.createElement("p");
      excerpt.className = "search-excerpt";
      appendExcerpt(excerpt, result.excerpt || "");
      item.appendChild(excerpt);
      list.appendChild(item);
    });
    box.appendChild(list);
  }

  var BUNDLE_NAME = /^[a-z0-9_-]+\/$/;

  function bundleUrls(listing, found) {
    // Only names of folders beside the listing: a listing never points elsewhere.
    var names = (found && Array.isArray(found.bundles)) ? found.bundles : [];
    var urls = names.filter(function (name) {
      return typeof name === "string" && BUNDLE_NAME.test(name);
    }).map(function (name) { return new URL(name, listing).href; });
    if (!urls.length) throw new Error("no search bundle");
    return urls;
  }

  function load() {
    if (pagefind) return Promise.resolve(pagefind);
    var listing = new URL(data.bundle, location.href);
    return fetch(listing.href).then(function (response) {
      if (!response.ok) throw new Error("no search bundles");
      return response.json();
    }).then(function (found) {
      var bundles = bundleUrls(listing, found);
      return import(bundles[0] + "pagefind.js").then(function (module) {
        return module.options({ baseUrl: "/", excerptLength: 24 }).then(function () {
          return Promise.all(bundles.slice(1).map(function (url) {
            return module.mergeIndex(url, { baseUrl: "/", excerptLength: 24 });
          }));
        }).then(function () {
          pagefind = module;
          return module;
        });
      });
    });
  }

  function run(query) {
    var ticket = ++latest;
    query = query.trim();
    if (!query) { box.textContent = ""; return; }
    load().then(function (module) {
      return module.search(query);
    }).then(function (search) {
      return Promise.all(search.results.slice(0, 20).map(function (r) { return r.data(); }));
    }).then(function (results) {
      if (ticket === latest) show(query, results);
    }).catch(function () {
      if (ticket === latest) message(data.failed);
    });
  }

  if (location.protocol === "file:") {
    message(data.needsHttp);
    return;
  }
  var query = new URLSearchParams(location.search).get("q") || "";
  input.value = query;
  run(query);
  var timer = 0;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var url = new URL(location.href);
      url.searchParams.set("q", input.value);
      history.replaceState(null, "", url);
      run(input.value);
    }, 200);
  });
})();
