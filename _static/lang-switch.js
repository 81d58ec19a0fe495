// Language switch in the page header: on chapters/vi/X.html a link "English" to chapters/en/X.html, and back.
// The twin's address comes from <meta name="embstab-twin">, written by _ext/embstab_site.py only for pages whose
// twin is in the book.
(function () {
  function addSwitch() {
    var meta = document.querySelector('meta[name="embstab-twin"]');
    if (!meta || document.querySelector(".embstab-lang-switch")) return;
    var lang = meta.getAttribute("data-lang");
    var link = document.createElement("a");
    link.href = meta.getAttribute("content");  // section anchors differ between the languages: the page top
    link.className = "btn btn-sm embstab-lang-switch";
    link.setAttribute("hreflang", lang);
    link.setAttribute("lang", lang);
    link.title = lang === "en" ? "Read this page in English" : "Đọc trang này bằng tiếng Việt";
    // The full name of the language; at phone width only its code (custom.css), so that the header fits in 390 px.
    link.innerHTML = '<i class="fa-solid fa-language" aria-hidden="true"></i> ' +
      '<span class="embstab-lang-long"></span><span class="embstab-lang-short"></span>';
    link.querySelector(".embstab-lang-long").textContent = meta.getAttribute("data-label");
    link.querySelector(".embstab-lang-short").textContent = lang.toUpperCase();
    var bar = document.querySelector(".article-header-buttons") ||
              document.querySelector(".header-article-items__end") ||
              document.querySelector(".bd-header-article");
    if (bar) {
      bar.insertBefore(link, bar.firstChild);
    } else {
      document.body.insertBefore(link, document.body.firstChild);
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", addSwitch);
  } else {
    addSwitch();
  }
})();
