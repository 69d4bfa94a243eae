#include "view/view_page.h"

#include <map>
#include <nlohmann/json.hpp>

#include "view/page_assets.h"

namespace store::view {

using nlohmann::json;

namespace {

// The marks' kinds and the drop reasons travel as indexes into small tables.
class Table {
 public:
  int index(const std::string& name) {
    auto [it, inserted] = indexes_.try_emplace(name, static_cast<int>(names_.size()));
    if (inserted) names_.push_back(name);
    return it->second;
  }
  json names() const { return names_; }

 private:
  std::map<std::string, int> indexes_;
  std::vector<std::string> names_;
};

json flights_json(const TraceModel& model, Table& reasons) {
  json t0 = json::array(), t1 = json::array(), from = json::array(), to = json::array(), kind = json::array(),
       fate = json::array(), flags = json::array(), why = json::array(), id = json::array(), sum = json::array();
  for (const Flight& f : model.flights) {
    t0.push_back(f.sent);
    t1.push_back(f.ended);
    from.push_back(f.from);
    to.push_back(f.to);
    kind.push_back(static_cast<int>(f.kind));
    fate.push_back(static_cast<int>(f.fate));
    flags.push_back((f.duplicate ? 1 : 0) | (f.forged ? 2 : 0));
    why.push_back(f.fate == Fate::kDropped ? reasons.index(f.drop_reason) : 0);
    id.push_back(f.id);
    sum.push_back(f.summary);
  }
  return {{"t0", t0},     {"t1", t1},       {"from", from}, {"to", to}, {"k", kind},
          {"fate", fate}, {"flags", flags}, {"why", why},   {"id", id}, {"sum", sum}};
}

json status_json(const TraceModel& model) {
  json t = json::array(), n = json::array(), up = json::array(), role = json::array(), term = json::array(),
       commit = json::array(), applied = json::array(), last = json::array(), leader = json::array();
  for (const StatusPoint& p : model.statuses) {
    t.push_back(p.t);
    n.push_back(p.node);
    up.push_back(p.up ? 1 : 0);
    role.push_back(p.role);
    term.push_back(p.term);
    commit.push_back(p.commit);
    applied.push_back(p.applied);
    last.push_back(p.last);
    leader.push_back(p.leader);
  }
  return {{"t", t},          {"n", n},           {"up", up},           {"role", role},
          {"term", term},    {"commit", commit}, {"applied", applied}, {"last", last},
          {"leader", leader}};
}

json marks_json(const TraceModel& model, Table& kinds) {
  json t = json::array(), n = json::array(), k = json::array(), text = json::array();
  for (const Mark& m : model.marks) {
    t.push_back(m.t);
    n.push_back(m.node);
    k.push_back(kinds.index(m.kind));
    text.push_back(m.text);
  }
  return {{"t", t}, {"n", n}, {"k", k}, {"text", text}};
}

json net_json(const TraceModel& model) {
  json states = json::array();
  for (const NetState& s : model.net) {
    json cuts = json::array();
    for (const auto& [from, to] : s.cuts) cuts.push_back({from, to});
    json isolated = json::array();
    for (bool i : s.isolated) isolated.push_back(i ? 1 : 0);
    states.push_back(
        {{"t", s.t}, {"what", s.what}, {"whole", s.whole()}, {"group", s.group}, {"iso", isolated}, {"cuts", cuts}});
  }
  return states;
}

json ops_json(const TraceModel& model) {
  json c = json::array(), t0 = json::array(), t1 = json::array(), label = json::array(), out = json::array(),
       n = json::array();
  for (const Operation& op : model.operations) {
    c.push_back(op.client);
    t0.push_back(op.start);
    t1.push_back(op.end);
    label.push_back(op.label);
    out.push_back(op.outcome);
    n.push_back(op.attempts);
  }
  return {{"c", c}, {"t0", t0}, {"t1", t1}, {"label", label}, {"out", out}, {"n", n}};
}

// A JSON text inside <script>: "</" must not close the element early.
std::string script_safe(std::string text) {
  for (std::size_t at = text.find("</"); at != std::string::npos; at = text.find("</", at + 2)) {
    text.replace(at, 2, "<\\/");
  }
  return text;
}

}  // namespace

std::string page_data_json(const TraceModel& model, const PageOptions& options) {
  Table reasons, mark_kinds;
  json kinds = json::array();
  for (int k = 0; k < kMessageKindCount; ++k) kinds.push_back(message_kind_name(static_cast<MessageKind>(k)));
  json data = {{"title", options.title},
               {"trace", options.trace_path},
               {"history", options.history_href.empty() ? json() : json(options.history_href)},
               {"seed", model.seed},
               {"servers", model.servers},
               {"clients", model.clients},
               {"tick", model.tick_interval},
               {"network", model.network},
               {"end", model.end_time},
               {"kinds", kinds},
               {"flights", flights_json(model, reasons)},
               {"status", status_json(model)},
               {"marks", marks_json(model, mark_kinds)},
               {"net", net_json(model)},
               {"ops", ops_json(model)},
               {"warnings", model.warnings}};
  data["reasons"] = reasons.names();
  data["markKinds"] = mark_kinds.names();
  data["violation"] = model.violation_time() ? json(*model.violation_time()) : json();
  data["stop"] =
      model.stop ? json{{"t", model.stop->t}, {"node", model.stop->node}, {"text", model.stop->text}} : json();
  data["cut"] =
      model.cut ? json{{"t", model.cut->t}, {"bytes", model.cut->bytes}, {"limit", model.cut->limit}} : json();
  data["endLine"] = model.end ? json{{"t", model.end->t},
                                     {"events", model.end->events},
                                     {"not_written", model.end->not_written},
                                     {"hash", model.end->hash}}
                              : json();
  data["stuck"] =
      model.stuck ? json{{"client", model.stuck->client}, {"t0", model.stuck->call}, {"t1", model.stuck->ret}} : json();
  if (model.verdict) {
    const Verdict& v = *model.verdict;
    data["verdict"] = {
        {"t", v.t},           {"test", v.test},       {"seed", v.seed}, {"impl", v.impl}, {"message", v.message},
        {"replay", v.replay}, {"rerun", v.rerun_note}};
  } else {
    data["verdict"] = json();
  }
  return data.dump(-1, ' ', false, json::error_handler_t::replace);
}

void write_page(std::ostream& out, const TraceModel& model, const PageOptions& options) {
  out << "<!doctype html>\n<html lang=\"en\" data-view-state=\"loading\"><head><meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>trace view</title>\n"
         // Set before anything else runs, so that a test (or a person) sees any script error.
         "<script>window.addEventListener('error', function (e) { document.documentElement.dataset.viewState = "
         "'error: ' + (e.message || 'unknown') + (e.lineno ? ' (line ' + e.lineno + ')' : ''); });</script>\n"
         "<style>"
      << kTimelineCss
      << "</style></head><body>\n"
         "<h1 id=\"title\"></h1>\n<div id=\"verdict\" class=\"verdict\"></div>\n<div id=\"notes\" "
         "class=\"notes\"></div>\n"
         "<div id=\"links\" class=\"links\"></div>\n"
         "<div class=\"toolbar\"><button id=\"to-violation\" title=\"centre the step that broke the run (v)\">"
         "violation</button><button id=\"fit\" title=\"the whole run (f)\">fit</button>"
         "<button id=\"zoom-out\" title=\"-\">−</button><button id=\"zoom-in\" title=\"+\">+</button>"
         "<span id=\"filters\"></span><label><input type=\"checkbox\" id=\"storage\" checked> storage marks</label>"
         "<span id=\"range\"></span></div>\n"
         "<div id=\"stage\"><canvas id=\"timeline\" aria-label=\"timeline of the run\"></canvas>"
         "<div id=\"tip\" class=\"tip\"></div></div>\n"
         "<div class=\"legend\"><span id=\"hint\"></span>"
         "<span><span class=\"key\" style=\"background:#bfe6c1\"></span>leader</span>"
         "<span><span class=\"key\" style=\"background:#ffe2a8\"></span>candidate</span>"
         "<span><span class=\"key\" style=\"background:#e9edf1\"></span>follower</span>"
         "<span><span class=\"key\" style=\"background:repeating-linear-gradient(45deg,#d9dcdf,#d9dcdf 3px,#8a8f96 3px,"
         "#8a8f96 5px)\"></span>crashed</span>"
         "<span><span class=\"key\" style=\"background:repeating-linear-gradient(45deg,#eaf1fb,#eaf1fb 3px,#90b4e8 3px,"
         "#90b4e8 5px)\"></span>paused</span>"
         "<span><span class=\"key\" style=\"border-top:2px solid #2e7d32;height:0\"></span>commit index</span>"
         "<span><span class=\"key\" style=\"border-top:2px dashed #6d7580;height:0\"></span>applied index</span>"
         "<span><b style=\"color:#d32f2f\">✕</b> dropped · <b style=\"color:#d81b60\">2×</b> duplicate · "
         "<b style=\"color:#d81b60\">✶</b> forged · dashed: still in flight</span>"
         "<span><b style=\"color:#c62828\">┆</b> partition change · coloured strip: partition group, "
         "<b style=\"color:#c62828\">red</b>: isolated</span>"
         "<span>◆ save · ■ append · ▼ truncate · ǀ sync · ◷ clock</span></div>\n"
         "<div class=\"below\"><div class=\"panel\"><h2>Selected</h2><pre id=\"details\"></pre></div>"
         "<div class=\"panel\"><h2 id=\"around-title\">Events</h2><table class=\"events mono\" id=\"around-events\">"
         "</table></div></div>\n"
         "<p class=\"help\">Scroll to zoom around the pointer, drag (or shift-scroll) to pan, double-click to zoom in. "
         "Keys: <b>+</b>/<b>−</b> zoom, <b>←</b>/<b>→</b> pan, <b>f</b> the whole run, <b>v</b> the violation. Hover "
         "anything for its details; click it to pin them and list the events around it. Each server's lane shows its "
         "role and term (top strip), its commit and applied index (bottom), and its storage and fault events; each "
         "client's lane shows its operations as bars from the first request to the reply that ended them.</p>\n"
         "<script type=\"application/json\" id=\"trace-data\">"
      << script_safe(page_data_json(model, options)) << "</script>\n<script>" << kTimelineJs
      << "</script>\n</body></html>\n";
}

}  // namespace store::view
