// Small histories written as scripts: each call advances time by one, so the
// order of the lines is the order of the events.
#pragma once

#include "history/recorder.h"

namespace store::checker::testing {

using history::Operation;
using history::OpId;
using history::Output;

class Script {
 public:
  OpId call(std::int64_t client, Operation op) { return recorder_.invoke(++t_, client, std::move(op)); }
  void ok(OpId id, Output output = Output::none()) { recorder_.ok(id, ++t_, std::move(output)); }
  void fail(OpId id) { recorder_.fail(id, ++t_); }
  void info(OpId id) { recorder_.info(id, ++t_); }
  // An operation that completes before the next one starts.
  OpId done(std::int64_t client, Operation op, Output output = Output::none()) {
    const OpId id = call(client, std::move(op));
    ok(id, std::move(output));
    return id;
  }
  const history::History& history() const { return recorder_.history(); }

 private:
  history::HistoryRecorder recorder_;
  Micros t_ = 0;
};

}  // namespace store::checker::testing
