// What a read costs on one read path, measured in simulated time: the read
// latency gates of labs 3 and 4 compare paths with this, one cluster per path.
#pragma once

#include "framework/test_context.h"
#include "node/server.h"
#include "support/latency.h"
#include "support/traffic.h"

namespace store::grading {

struct PathLatency {
  LatencySummary get;
  double peer_messages_per_read = 0;  // under load (50 clients reading at once)
};

// Gets on `path`, each after a put, on a LAN whose storage takes 1 ms to
// sync; then 50 clients reading for 200 ms, for the peer traffic per read.
// Only one cluster of a test should write the trace (`writes_trace`).
PathLatency measure_reads(grader::TestContext& ctx, ReadPath path, bool writes_trace);

// Server-to-server messages, for the cost of reads in peer traffic.
MessageLog::Match peer_messages();

}  // namespace store::grading
