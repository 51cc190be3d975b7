#include "scenario/share_link.h"

#include <algorithm>
#include <charconv>
#include <limits>

#include "sim/assert.h"

namespace io::scenario {

namespace {

bool unreserved(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '~';
}

void percent_encode(std::string_view text, std::string& out) {
  static constexpr char hex[] = "0123456789ABCDEF";
  for (const char c : text) {
    if (unreserved(c)) {
      out += c;
    } else {
      const auto byte = static_cast<unsigned char>(c);
      out += '%';
      out += hex[byte >> 4];
      out += hex[byte & 0xF];
    }
  }
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// Undoes percent_encode. Lenient about what a browser may leave unencoded, strict about '%'.
std::optional<std::string> percent_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    if (i + 2 >= text.size()) return std::nullopt;
    const int hi = hex_value(text[i + 1]);
    const int lo = hex_value(text[i + 2]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t at = text.find(separator, start);
    parts.push_back(text.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
    if (at == std::string_view::npos) return parts;
    start = at + 1;
  }
}

template <typename T>
std::optional<T> parse_number(std::string_view text) {
  T value{};
  if (text.empty() || text.size() > 20) return std::nullopt;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

bool valid_scenario_name(std::string_view name) {
  constexpr std::string_view suffix = ".json";
  if (name.size() <= suffix.size() || name.size() > ShareLink::scenario_name_bytes_max) return false;
  if (name.substr(name.size() - suffix.size()) != suffix || name.front() == '.') return false;
  return std::all_of(name.begin(), name.end(), [](char c) { return unreserved(c) || c == '.'; });
}

using Failure = sim::Failure<std::string>;

sim::Result<model::Command, std::string> decode_command(std::string_view text, std::size_t index) {
  const std::string where = "c[" + std::to_string(index) + "]";
  const std::vector<std::string_view> f = split(text, '.');
  if (f.size() != 7) {
    return Failure{where + ": expected 7 fields separated by '.' (tick.kind.target.argument.amount.count.text), found " +
                   std::to_string(f.size())};
  }
  model::Command c;
  const auto at = parse_number<std::uint64_t>(f[0]);
  if (!at) return Failure{where + ": expected the tick as a whole number, found \"" + std::string(f[0]) + "\""};
  c.at = sim::Tick{*at};
  const auto kind = model::command_kind_from_string(f[1]);
  if (!kind) return Failure{where + ": unknown command kind \"" + std::string(f[1]) + "\""};
  c.kind = *kind;
  const auto target = parse_number<std::uint64_t>(f[2]);
  const auto argument = parse_number<std::uint64_t>(f[3]);
  const auto amount = parse_number<std::int64_t>(f[4]);
  const auto count = parse_number<std::uint32_t>(f[5]);
  if (!target || !argument || !amount || !count) {
    return Failure{where + ": expected target, argument, amount and count as whole numbers, found \"" +
                   std::string(f[2]) + "." + std::string(f[3]) + "." + std::string(f[4]) + "." + std::string(f[5]) + "\""};
  }
  c.target = *target;
  c.argument = *argument;
  c.amount = *amount;
  c.count = *count;
  auto decoded = percent_decode(f[6]);
  if (!decoded) return Failure{where + ": the text has a '%' not followed by two hex digits"};
  c.text = std::move(*decoded);
  return c;
}

}  // namespace

std::string encode_share_link(const ShareLink& link) {
  SIM_ASSERT(valid_scenario_name(link.scenario));
  SIM_ASSERT(link.commands.size() <= ShareLink::commands_max);
  std::string out = "v=" + std::to_string(ShareLink::format_version) + "&s=";
  percent_encode(link.scenario, out);
  out += "&seed=" + std::to_string(link.seed) + "&t=" + std::to_string(link.tick.value) + "&c=";
  for (std::size_t i = 0; i < link.commands.size(); ++i) {
    const model::Command& c = link.commands[i];
    SIM_ASSERT(i == 0 || link.commands[i - 1].at <= c.at);
    if (i > 0) out += ',';
    out += std::to_string(c.at.value) + '.' + model::to_string(c.kind) + '.' + std::to_string(c.target) + '.' +
           std::to_string(c.argument) + '.' + std::to_string(c.amount) + '.' + std::to_string(c.count) + '.';
    percent_encode(c.text, out);
  }
  SIM_ASSERT(out.size() <= ShareLink::fragment_bytes_max);
  return out;
}

sim::Result<ShareLink, std::string> decode_share_link(std::string_view fragment) {
  if (!fragment.empty() && fragment.front() == '#') fragment.remove_prefix(1);
  if (fragment.size() > ShareLink::fragment_bytes_max) {
    return Failure{"the link is " + std::to_string(fragment.size()) + " bytes long; at most " +
                   std::to_string(ShareLink::fragment_bytes_max) + " are read"};
  }
  if (fragment.empty()) return Failure{"the link is empty: expected v=1&s=SCENARIO&seed=N&t=TICK&c=COMMANDS"};
  std::optional<std::string_view> version, scenario, seed, tick, commands;
  for (const std::string_view pair : split(fragment, '&')) {
    const std::size_t equals = pair.find('=');
    if (equals == std::string_view::npos) {
      return Failure{"expected key=value pairs separated by '&', found \"" + std::string(pair.substr(0, 40)) + "\""};
    }
    const std::string_view key = pair.substr(0, equals);
    const std::string_view value = pair.substr(equals + 1);
    std::optional<std::string_view>* slot = key == "v" ? &version : key == "s" ? &scenario : key == "seed" ? &seed
                                          : key == "t" ? &tick : key == "c" ? &commands : nullptr;
    if (slot == nullptr) return Failure{"unknown key \"" + std::string(key.substr(0, 40)) + "\" (expected v, s, seed, t, c)"};
    if (*slot) return Failure{"the key \"" + std::string(key) + "\" appears twice"};
    *slot = value;
  }
  if (!version) return Failure{"v: missing (the link's format version)"};
  if (*version != std::to_string(ShareLink::format_version)) {
    return Failure{"v: this app reads version " + std::to_string(ShareLink::format_version) + " links, not \"" +
                   std::string(version->substr(0, 20)) + "\""};
  }
  ShareLink link;
  if (!scenario) return Failure{"s: missing (the scenario's file name)"};
  auto name = percent_decode(*scenario);
  if (!name || !valid_scenario_name(*name)) {
    return Failure{"s: expected a scenario file name such as first_log.json, found \"" + std::string(scenario->substr(0, 80)) + "\""};
  }
  link.scenario = std::move(*name);
  if (!seed) return Failure{"seed: missing"};
  const auto seed_value = parse_number<std::uint64_t>(*seed);
  if (!seed_value) return Failure{"seed: expected a whole number, found \"" + std::string(seed->substr(0, 40)) + "\""};
  link.seed = *seed_value;
  if (!tick) return Failure{"t: missing (the tick the link shows)"};
  const auto tick_value = parse_number<std::uint64_t>(*tick);
  if (!tick_value) return Failure{"t: expected a whole number, found \"" + std::string(tick->substr(0, 40)) + "\""};
  link.tick = sim::Tick{*tick_value};
  if (commands && !commands->empty()) {
    const std::vector<std::string_view> parts = split(*commands, ',');
    if (parts.size() > ShareLink::commands_max) {
      return Failure{"c: " + std::to_string(parts.size()) + " commands; a link holds at most " +
                     std::to_string(ShareLink::commands_max)};
    }
    for (std::size_t i = 0; i < parts.size(); ++i) {
      auto command = decode_command(parts[i], i);
      if (!command) return Failure{command.error()};
      if (i > 0 && command.value().at < link.commands.back().at) {
        return Failure{"c[" + std::to_string(i) + "]: its tick " + std::to_string(command.value().at.value) +
                       " is before the tick of the command before it (" + std::to_string(link.commands.back().at.value) + ")"};
      }
      link.commands.push_back(std::move(command).value());
    }
  }
  return link;
}

std::optional<std::string> replay_share_link(Timeline& timeline, const ShareLink& link) {
  SIM_ASSERT(timeline.now() == sim::Tick{0} && timeline.history().empty());
  SIM_ASSERT(timeline.session().seed() == link.seed);
  const sim::Tick end = timeline.session().end_tick();
  for (std::size_t i = 0; i < link.commands.size(); ++i) {
    const model::Command& c = link.commands[i];
    const std::string what = "c[" + std::to_string(i) + "] (" + model::to_string(c.kind) + " at tick " + std::to_string(c.at.value) + ")";
    if (c.at > end) return what + ": the scenario ends at tick " + std::to_string(end.value);
    timeline.advance_to(c.at);
    if (timeline.now() != c.at) {
      return what + ": the run waits at a lesson step at tick " + std::to_string(timeline.now().value) +
             " that the link does not continue";
    }
    if (const char* why = timeline.command(c)) return what + ": refused: " + why;
  }
  if (link.tick > end) return "t: tick " + std::to_string(link.tick.value) + " is past the scenario's end (" + std::to_string(end.value) + ")";
  if (link.tick >= timeline.now()) {
    timeline.advance_to(link.tick);
  } else {
    timeline.seek(link.tick);
  }
  if (timeline.now() != link.tick) {
    return "t: the run waits at a lesson step at tick " + std::to_string(timeline.now().value) + ", before tick " +
           std::to_string(link.tick.value);
  }
  return std::nullopt;
}

}  // namespace io::scenario
