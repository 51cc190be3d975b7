#include "share.h"

#include <emscripten/emscripten.h>

#include <vector>

namespace {

// The fragment's bytes as UTF-8; `changed` reads the one the hashchange listener kept, and forgets
// it. A fragment written by publish() is remembered as the page's own, so its event is ignored.
EM_JS(int, io_js_fragment_length, (int changed), {
  if (!Module.ioHashListener) {
    Module.ioHashListener = true;
    Module.ioOwnHash = location.hash;
    window.addEventListener('hashchange', () => {
      if (location.hash !== Module.ioOwnHash) Module.ioChangedHash = location.hash;
    });
  }
  const h = changed ? Module.ioChangedHash : location.hash;
  if (h === undefined) return -1;
  return lengthBytesUTF8(h.startsWith('#') ? h.slice(1) : h);
});

EM_JS(void, io_js_fragment_read, (int changed, char* out, int size), {
  const h = changed ? Module.ioChangedHash : location.hash;
  if (changed) Module.ioChangedHash = undefined;
  stringToUTF8(h.startsWith('#') ? h.slice(1) : h, out, size);
});

// Writes the fragment into the address bar once, and returns the length of the page's URL then.
EM_JS(int, io_js_publish, (const char* fragment), {
  const hash = '#' + UTF8ToString(fragment);
  Module.ioOwnHash = hash;
  history.replaceState(null, "", hash);
  return lengthBytesUTF8(location.href);
});

EM_JS(void, io_js_page_url, (char* out, int size), { stringToUTF8(location.href, out, size); });

EM_JS(void, io_js_copy, (const char* text), {
  const t = UTF8ToString(text);
  if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(t).catch(() => {});
});

std::optional<std::string> read_fragment(bool changed) {
  const int length = io_js_fragment_length(changed ? 1 : 0);
  if (length < 0) return std::nullopt;
  std::vector<char> bytes(std::size_t(length) + 1, '\0');
  io_js_fragment_read(changed ? 1 : 0, bytes.data(), length + 1);
  return std::string(bytes.data(), std::size_t(length));
}

}  // namespace

namespace io::web::share {

std::string page_fragment() { return read_fragment(false).value_or(""); }

std::optional<std::string> changed_fragment() { return read_fragment(true); }

std::string publish(const std::string& fragment) {
  const int length = io_js_publish(fragment.c_str());
  std::vector<char> bytes(std::size_t(length) + 1, '\0');
  io_js_page_url(bytes.data(), length + 1);
  return std::string(bytes.data(), std::size_t(length));
}

void copy_to_clipboard(const std::string& text) { io_js_copy(text.c_str()); }

}  // namespace io::web::share
