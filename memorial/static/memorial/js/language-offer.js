// On a first visit, a browser whose preferred language is another of the site's is offered the page in it: the
// notice (templates/includes/language_offer.html) links to the same page in that language. Never a redirect:
// every address keeps answering the same to everyone, and caches stay right. Offered once per browser.
(function () {
  "use strict";
  var KEY = "yaddas-language-offered";
  try {
    if (window.localStorage.getItem(KEY)) return;
  } catch (error) {
    return; // no storage: better no offer than one on every page
  }
  var page = document.documentElement.lang;
  var preferred = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || ""];
  var wanted = null;
  for (var i = 0; i < preferred.length; i++) {
    var code = String(preferred[i] || "").slice(0, 2).toLowerCase();
    if (code === page) return; // the reader's own language comes first: nothing to offer
    if (document.querySelector('[data-language-offer="' + code + '"]')) {
      wanted = code;
      break;
    }
  }
  if (!wanted) return;
  var offer = document.querySelector('[data-language-offer="' + wanted + '"]');
  var target = document.querySelector('.language-switcher a[hreflang="' + wanted + '"]');
  if (!offer || !target) return;
  var link = offer.querySelector("[data-language-offer-link]");
  link.href = target.href;
  offer.hidden = false;
  try {
    window.localStorage.setItem(KEY, wanted);
  } catch (error) {}
  offer.querySelector("[data-language-offer-close]").addEventListener("click", function () {
    offer.hidden = true;
  });
})();
