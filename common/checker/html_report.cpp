#include "checker/html_report.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <optional>
#include <sstream>
#include <unordered_map>

namespace store::checker {
namespace {

using history::History;
using history::OpKind;
using history::Outcome;
using history::Record;

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

// The bar's label: the operation without its key (the page is about one key).
std::string label(const Record& record) {
  const history::Operation& op = record.op;
  std::string text(history::op_kind_name(op.kind));
  switch (op.kind) {
    case OpKind::kPut:
    case OpKind::kAppend: {
      history::Operation copy = op;
      copy.key.clear();
      text = history::describe(copy);
      text.erase(text.find("  "), 1);  // describe() leaves a double space where the key was
      break;
    }
    case OpKind::kWrite:
    case OpKind::kCas: text = history::describe(op); break;
    case OpKind::kIncrement: text = "increment " + std::to_string(op.number); break;
    default: break;
  }
  const std::string output = history::describe_output(op.kind, record.output);
  if (record.outcome == Outcome::kOk && !output.empty()) text += " → " + output;
  if (op.kind == OpKind::kCas && record.outcome == Outcome::kOk) text += " ✓";
  if (op.kind == OpKind::kCas && record.outcome == Outcome::kFail) text += " ✗";
  if (record.outcome == Outcome::kInfo || record.outcome == Outcome::kOpen) text += " ?";
  return text;
}

// A value as a number for an increment (absent, or not a number: 0).
std::int64_t as_number(const std::optional<std::string>& value) {
  if (!value) return 0;
  std::int64_t n = 0;
  const auto [end, error] = std::from_chars(value->data(), value->data() + value->size(), n);
  return error == std::errc() && end == value->data() + value->size() ? n : 0;
}

// Replays an order of operations to show the value after each one. This is
// the plain meaning of the operations, independent of the search's models.
class Replay {
 public:
  explicit Replay(bool keys_start_empty) {
    if (keys_start_empty) value_ = "";
  }
  void apply(const Record& record) {
    const history::Operation& op = record.op;
    switch (op.kind) {
      case OpKind::kPut: value_ = op.value; break;
      case OpKind::kDelete: value_.reset(); break;
      case OpKind::kAppend: value_ = value_.value_or("") + op.value; break;
      case OpKind::kIncrement: value_ = std::to_string(as_number(value_) + op.number); break;
      case OpKind::kWrite: value_ = std::to_string(op.number); break;
      case OpKind::kCas:
        if (value_ && *value_ == std::to_string(op.number) && record.outcome != Outcome::kFail) {
          value_ = std::to_string(op.number2);
        }
        break;
      default: break;
    }
  }
  std::string describe(bool quoted) const {
    if (!value_) return "absent";
    return quoted ? "\"" + *value_ + "\"" : *value_;
  }

 private:
  std::optional<std::string> value_;
};

constexpr char kStyle[] = R"(
:root { --u: 24px; --row: 30px; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 24px; color: #1d2329; background: #fbfbfa; }
h1 { font-size: 20px; margin: 0 0 8px; word-break: break-all; }
h2 { font-size: 16px; margin: 28px 0 8px; }
code, td.mono, .bar { font-family: ui-monospace, "SF Mono", Menlo, Consolas, monospace; }
.badge { display: inline-block; padding: 3px 10px; border-radius: 4px; font-weight: 700; color: #fff; letter-spacing: .03em; }
.badge.linearizable { background: #2e7d32; } .badge.not-linearizable { background: #c62828; } .badge.unknown { background: #b26a00; }
.explain { font-size: 15px; max-width: 70em; background: #fff; border-left: 4px solid #888; padding: 10px 14px; }
.explain.not-linearizable { border-color: #c62828; } .explain.unknown { border-color: #b26a00; }
.legend { display: flex; flex-wrap: wrap; gap: 14px; margin: 12px 0; font-size: 13px; }
.legend span.sw { display: inline-block; width: 26px; height: 12px; vertical-align: middle; margin-right: 5px; border-radius: 2px; }
.howto { max-width: 70em; color: #444; font-size: 13px; }
.controls { margin: 10px 0; font-size: 13px; }
.timeline { position: relative; overflow: auto; border: 1px solid #ccc; background: #fff; max-height: 75vh; }
.grid { position: relative; }
.row { position: relative; border-bottom: 1px solid #eee; }
.row:nth-child(even) { background: #fafafa; }
.client { position: sticky; left: 0; z-index: 3; display: inline-block; width: 90px; height: 100%; background: #f0f0ee;
          border-right: 1px solid #ccc; font-size: 12px; padding: 0 6px; box-sizing: border-box; line-height: var(--row); }
.bar { position: absolute; height: calc(var(--row) - 8px); box-sizing: border-box; border-radius: 3px; font-size: 11px;
       line-height: calc(var(--row) - 10px); padding: 0 4px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis;
       border: 1px solid #7a8a99; background: #dfe6ee; cursor: default; }
.bar.linearized { background: #c8e6c9; border-color: #2e7d32; }
.bar.stuck { background: #ffcdd2; border: 2px solid #c62828; font-weight: 700; z-index: 2; overflow: visible; }
.bar.failed { background: repeating-linear-gradient(45deg, #eee, #eee 4px, #ddd 4px, #ddd 8px); color: #777; border-style: dotted; }
.bar.open { border-style: dashed; border-right: none; background: linear-gradient(to right, #fff3e0, rgba(255,243,224,0)); }
.bar.open.linearized { background: linear-gradient(to right, #c8e6c9, rgba(200,230,201,0)); }
.bar .n { display: inline-block; min-width: 1.6em; font-weight: 700; color: #1b5e20; }
.bar.focus, tr.focus { outline: 3px solid #1565c0; }
.deadline { position: absolute; top: 0; bottom: 0; width: 0; border-left: 2px dashed #c62828; z-index: 1; }
table { border-collapse: collapse; font-size: 13px; background: #fff; }
th, td { border: 1px solid #ddd; padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: #f0f0ee; }
tr.linearized td:first-child { background: #c8e6c9; } tr.stuck td { background: #ffcdd2; font-weight: 700; }
td.mono { max-width: 48em; overflow-wrap: anywhere; }
.keys { columns: 4 14em; font-size: 13px; }
.keys .not-linearizable { color: #c62828; font-weight: 700; } .keys .unknown { color: #b26a00; font-weight: 700; }
)";

constexpr char kScript[] = R"(
(function () {
  var root = document.documentElement;
  window.addEventListener('error', function (e) { root.dataset.viewState = 'error: ' + (e.message || 'unknown'); });
  // The grader writes X.history.html beside the trace X.jsonl; ./track view draws that trace as X.view.html.
  var own = location.pathname.match(/([^\/]+)\.history\.html$/);
  var heading = document.querySelector('h1');
  if (own && heading) {
    var p = document.createElement('p');
    p.className = 'howto';
    var a = document.createElement('a');
    a.href = own[1] + '.view.html';
    a.textContent = own[1] + '.view.html';
    p.appendChild(document.createTextNode('Timeline of the same run (messages, roles, faults): '));
    p.appendChild(a);
    p.appendChild(document.createTextNode(' (if it is missing: ./track view ' + own[1] + '.jsonl, in the same folder)'));
    heading.parentNode.insertBefore(p, heading.nextSibling);
  }
  var zoom = document.getElementById('zoom');
  var timeline = document.querySelector('.timeline');
  if (zoom && timeline) zoom.addEventListener('input', function () { timeline.style.setProperty('--u', zoom.value + 'px'); });
  // Clicking a bar or a table row highlights the same operation in both.
  document.addEventListener('click', function (e) {
    var el = e.target.closest('[data-op]');
    document.querySelectorAll('.focus').forEach(function (x) { x.classList.remove('focus'); });
    if (!el) return;
    document.querySelectorAll('[data-op="' + el.dataset.op + '"]').forEach(function (x) { x.classList.add('focus'); });
    if (el.tagName === 'TR') {
      var bar = document.querySelector('.bar[data-op="' + el.dataset.op + '"]');
      if (bar) bar.scrollIntoView({block: 'nearest', inline: 'center'});
    }
  });
  var stuck = document.querySelector('.bar.stuck');
  if (stuck) stuck.scrollIntoView({block: 'nearest', inline: 'center'});
  if (!root.dataset.viewState) root.dataset.viewState = 'ready';  // read by the browser test
})();
)";

struct Bar {
  std::uint32_t record;
  std::size_t start;  // rank of the call
  std::size_t end;    // rank of the return, or one past the last rank when it never returns
  bool open_ended;
  std::size_t lane = 0;
};

void write_timeline(std::ostream& out, const History& history, const PartitionResult& part,
                    const std::unordered_map<std::uint32_t, std::size_t>& position_in_order) {
  // Events of this key only, ranked, so that bars are evenly spaced whatever the timestamps.
  std::vector<std::uint32_t> positions;
  for (std::uint32_t index : part.records) {
    const Record& record = history.records[index];
    positions.push_back(record.call_event);
    if (record.completion_event != history::kNever) positions.push_back(record.completion_event);
  }
  std::sort(positions.begin(), positions.end());
  auto rank = [&](std::uint32_t position) {
    return static_cast<std::size_t>(std::lower_bound(positions.begin(), positions.end(), position) - positions.begin());
  };
  const std::size_t width = positions.size() + 2;

  std::map<std::int64_t, std::vector<Bar>> rows;  // by client
  for (std::uint32_t index : part.records) {
    const Record& record = history.records[index];
    Bar bar{index, rank(record.call_event), 0, !record.completed()};
    bar.end = bar.open_ended ? width : rank(record.return_event);
    rows[record.client].push_back(bar);
  }
  out << "<div class=\"timeline\"><div class=\"grid\" style=\"width:calc(var(--u) * " << width << " + 90px)\">\n";
  for (auto& [client, bars] : rows) {
    // An operation left open may overlap the client's later ones: give those a lane of their own.
    std::vector<std::size_t> lane_free_from;
    for (Bar& bar : bars) {
      std::size_t lane = 0;
      while (lane < lane_free_from.size() && lane_free_from[lane] > bar.start) ++lane;
      if (lane == lane_free_from.size()) lane_free_from.push_back(0);
      lane_free_from[lane] = bar.end;
      bar.lane = lane;
    }
    out << "<div class=\"row\" style=\"height:calc(var(--row) * " << lane_free_from.size() << ")\">"
        << "<span class=\"client\">client " << client << "</span>";
    for (const Bar& bar : bars) {
      const Record& record = history.records[bar.record];
      std::string classes = "bar";
      auto found = position_in_order.find(bar.record);
      if (found != position_in_order.end()) classes += " linearized";
      if (part.stuck && *part.stuck == bar.record) classes += " stuck";
      if (record.outcome == Outcome::kFail && record.op.kind != OpKind::kCas) classes += " failed";
      if (bar.open_ended) classes += " open";
      std::string tip = history::describe(record.op) + "\nclient " + std::to_string(record.client) + ", " +
                        std::string(history::outcome_name(record.outcome));
      const std::string output = history::describe_output(record.op.kind, record.output);
      if (record.outcome == Outcome::kOk && !output.empty()) tip += ", returned " + output;
      if (record.line != 0) tip += "\nline " + std::to_string(record.line);
      tip += "\ncalled at t=" + std::to_string(record.call_time);
      if (record.completion_event != history::kNever) tip += ", completed at t=" + std::to_string(record.return_time);
      if (bar.open_ended) tip += "\nmay take effect at any time after its call, or never";
      if (found != position_in_order.end()) tip += "\ntakes effect #" + std::to_string(found->second + 1);
      out << "<div class=\"" << classes << "\" data-op=\"" << bar.record << "\" title=\"" << escape(tip)
          << "\" style=\"left:calc(var(--u) * " << bar.start << " + 90px);width:calc(var(--u) * "
          << std::max<std::size_t>(1, bar.end - bar.start) << ");top:calc(var(--row) * " << bar.lane << " + 4px)\">";
      if (found != position_in_order.end()) out << "<span class=\"n\">" << found->second + 1 << "</span>";
      out << escape(label(record)) << "</div>";
    }
    out << "</div>\n";
  }
  if (part.stuck && history.records[*part.stuck].completed()) {
    out << "<div class=\"deadline\" title=\"the red operation returned here: it had to take effect before\" "
        << "style=\"left:calc(var(--u) * " << rank(history.records[*part.stuck].return_event) + 1
        << " + 90px)\"></div>";
  }
  out << "</div></div>\n";
}

void write_order_table(std::ostream& out, const History& history, const PartitionResult& part, bool keys_start_empty,
                       bool kv) {
  out << "<table><tr><th>#</th><th>client</th><th>operation</th><th>returned</th><th>value after</th></tr>\n";
  Replay replay(keys_start_empty);
  for (std::size_t i = 0; i < part.order.size(); ++i) {
    const Record& record = history.records[part.order[i]];
    replay.apply(record);
    out << "<tr class=\"linearized\" data-op=\"" << part.order[i] << "\"><td>" << i + 1 << "</td><td>" << record.client
        << "</td><td class=\"mono\">" << escape(history::describe(record.op)) << "</td><td class=\"mono\">"
        << escape(record.outcome == Outcome::kOk ? history::describe_output(record.op.kind, record.output)
                                                 : std::string(history::outcome_name(record.outcome)))
        << "</td><td class=\"mono\">" << escape(replay.describe(kv)) << "</td></tr>\n";
  }
  if (part.stuck) {
    const Record& record = history.records[*part.stuck];
    out << "<tr class=\"stuck\" data-op=\"" << *part.stuck << "\"><td>✗</td><td>" << record.client
        << "</td><td class=\"mono\">" << escape(history::describe(record.op)) << "</td><td class=\"mono\">"
        << escape(record.outcome == Outcome::kOk ? history::describe_output(record.op.kind, record.output)
                                                 : std::string(history::outcome_name(record.outcome)))
        << "</td><td>cannot take effect next: the value is " << escape(part.state_at_stuck) << "</td></tr>\n";
  }
  out << "</table>\n";
}

void write_operations_table(std::ostream& out, const History& history, const PartitionResult& part,
                            const std::unordered_map<std::uint32_t, std::size_t>& position_in_order) {
  out << "<table><tr><th>line</th><th>client</th><th>called</th><th>completed</th><th>operation</th><th>outcome</th>"
         "<th>returned</th><th>order</th></tr>\n";
  for (std::uint32_t index : part.records) {
    const Record& record = history.records[index];
    auto found = position_in_order.find(index);
    const bool stuck = part.stuck && *part.stuck == index;
    out << "<tr data-op=\"" << index << "\""
        << (stuck                              ? " class=\"stuck\""
            : found != position_in_order.end() ? " class=\"linearized\""
                                               : "")
        << "><td>" << (record.line != 0 ? std::to_string(record.line) : "") << "</td><td>" << record.client
        << "</td><td>" << record.call_time << "</td><td>"
        << (record.completion_event != history::kNever ? std::to_string(record.return_time) : "never")
        << "</td><td class=\"mono\">" << escape(history::describe(record.op)) << "</td><td>"
        << history::outcome_name(record.outcome) << "</td><td class=\"mono\">"
        << escape(record.outcome == Outcome::kOk ? history::describe_output(record.op.kind, record.output) : "")
        << "</td><td>";
    if (stuck) {
      out << "stuck";
    } else if (found != position_in_order.end()) {
      out << '#' << found->second + 1;
    }
    out << "</td></tr>\n";
  }
  out << "</table>\n";
}

}  // namespace

void write_html(std::ostream& out, const History& history, const CheckResult& result, const HtmlOptions& options) {
  const std::string verdict(verdict_name(result.verdict));
  const bool kv = options.model == Model::kKv;
  out << "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>" << escape(verdict) << " — "
      << escape(options.title) << "</title>\n<style>" << kStyle << "</style></head><body>\n";
  out << "<h1>" << escape(options.title) << "</h1>\n<p><span class=\"badge " << verdict << "\">" << verdict
      << "</span> &nbsp;model <code>" << model_name(options.model) << "</code>, " << history.records.size()
      << " operations in " << result.partitions.size() << (kv ? " key(s)" : " register") << ", " << result.steps
      << " search steps</p>\n";
  out << "<p class=\"explain " << verdict << "\">" << escape(explain(history, result)) << "</p>\n";

  if (result.offending) {
    const PartitionResult& part = result.partitions[*result.offending];
    std::unordered_map<std::uint32_t, std::size_t> position_in_order;
    for (std::size_t i = 0; i < part.order.size(); ++i) position_in_order[part.order[i]] = i;
    out << "<h2>" << (kv ? "Key <code>" + escape(part.key) + "</code>" : std::string("The register")) << ": "
        << part.records.size() << " operations, one row per client</h2>\n";
    out << "<p class=\"howto\">Time runs left to right (evenly spaced events, not to scale; hover a bar for its "
           "times). Each bar is one operation, from its call to its return: it took effect at some single moment "
           "inside the bar. The <b>green</b> bars, numbered, can take effect in that order, each one consistent "
           "with what it returned. The <b>red</b> bar is the first operation that cannot take effect next, in any "
           "order the search tried, before it returned (the dashed red line). Click a bar or a row to find it in "
           "the other view.</p>\n";
    out << "<div class=\"legend\"><span><span class=\"sw\" style=\"background:#c8e6c9;border:1px solid #2e7d32\">"
           "</span>in the order found</span><span><span class=\"sw\" style=\"background:#ffcdd2;border:2px solid "
           "#c62828\"></span>cannot take effect</span><span><span class=\"sw\" style=\"background:#dfe6ee;border:1px "
           "solid #7a8a99\"></span>not reached</span><span><span class=\"sw\" style=\"background:linear-gradient(to "
           "right,#fff3e0,#fff);border:1px dashed #7a8a99\"></span>outcome unknown (info / no reply): any time after "
           "its call, or never</span><span><span class=\"sw\" style=\"background:#ddd;border:1px dotted "
           "#7a8a99\"></span>failed: did not happen</span></div>\n";
    out << "<div class=\"controls\"><label>zoom <input id=\"zoom\" type=\"range\" min=\"2\" max=\"80\" value=\"24\">"
           "</label></div>\n";
    write_timeline(out, history, part, position_in_order);
    out << "<h2>The order found" << (part.stuck ? ", and where it got stuck" : "") << "</h2>\n";
    write_order_table(out, history, part, options.keys_start_empty.value_or(history.keys_start_empty), kv);
    out << "<h2>Every operation " << (kv ? "on this key" : "") << ", in call order</h2>\n";
    write_operations_table(out, history, part, position_in_order);
  }
  if (kv && !result.partitions.empty()) {
    out << "<h2>All keys</h2>\n<div class=\"keys\">";
    for (const PartitionResult& p : result.partitions) {
      out << "<div class=\"" << verdict_name(p.verdict) << "\"><code>" << escape(p.key)
          << "</code>: " << verdict_name(p.verdict) << " (" << p.records.size() << ")</div>";
    }
    out << "</div>\n";
  }
  out << "<script>" << kScript << "</script>\n</body></html>\n";
}

std::string render_html(const History& history, const CheckResult& result, const HtmlOptions& options) {
  std::ostringstream out;
  write_html(out, history, result, options);
  return out.str();
}

}  // namespace store::checker
