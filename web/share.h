#pragma once
// The browser's side of share links: the page URL's fragment (#...) carries a link, and a link the
// learner shares is written there and copied to the clipboard. App::share_link() and
// App::open_link() do the rest; this file only talks to the page.

#include <optional>
#include <string>

namespace io::web::share {

// The page's fragment without '#', as it was when the page opened ("" if none).
std::string page_fragment();
// A fragment the learner typed or pasted into the address bar since the last call (the page does
// not reload for that), or nullopt. Fragments written by publish() are not reported.
std::optional<std::string> changed_fragment();
// Writes `fragment` into the address bar (without reloading or adding to the history) and returns
// the page's whole URL with it.
std::string publish(const std::string& fragment);
// Puts `text` on the clipboard, if the browser allows it (it may refuse silently).
void copy_to_clipboard(const std::string& text);

}  // namespace io::web::share
