// Reading and writing histories in the three formats the project meets.
//
// 1. The project's own format (what the simulator and runtime write): JSON
//    lines, one event per line, in the order the events happened.
//
//      {"t":1234,"client":1001,"type":"invoke","f":"put","key":"k","value":"v"}
//      {"t":1300,"client":1001,"type":"ok","f":"put","key":"k"}
//      {"t":1400,"client":1002,"type":"invoke","f":"get","key":"k"}
//      {"t":1500,"client":1002,"type":"ok","f":"get","key":"k","found":true,"value":"v"}
//      {"t":1600,"client":1003,"type":"invoke","f":"cas","from":1,"to":2}
//      {"t":1700,"client":1003,"type":"fail","f":"cas"}
//
//    Fields:
//      t       integer, microseconds (virtual or wall clock); for people only:
//              the line order is the event order
//      client  integer; pairs a completion with the client's outstanding invoke
//      type    "invoke" | "ok" | "fail" | "info"
//      f       "get" | "put" | "delete" | "append"  (kv; needs "key")
//              "read" | "write" | "cas"             (register; no key)
//      key     string: kv ops; optional on completions, must match the invoke
//      value   invoke put/append: string; invoke write: integer;
//              ok get: string when found; ok read: integer when found
//      from,to invoke cas: integers
//      found   ok get/read: true when there was a value (required unless unknown)
//      unknown ok get/read: true when the reply carried nothing usable
//    A client has one operation outstanding at a time; an invoke with no
//    completion by the end of the file is open forever, like info. Keys start
//    absent (a get of a never-written key is found:false).
//
// 2. Jepsen etcd logs (cas register):  INFO  jepsen.util - 3\t:ok\t:read\t4
//    (tabs or runs of spaces between the fields)
// 3. EDN maps, one per line (Porcupine kv):
//      {:process 0, :type :invoke, :f :append, :key "0", :value "x 0 0 y"}
//    Keys start as the empty string. Register operations (:read/:write/:cas
//    without :key, values nil / N / [FROM TO]) are read too.
//
// Every reader raises ParseError("file:line: reason") on malformed input.
#pragma once

#include <cstddef>
#include <ostream>
#include <string>
#include <string_view>

#include "history/history.h"
#include "history/parse_error.h"

namespace store::history {

History parse_own_format(std::string_view text, const std::string& file);
History parse_jepsen_log(std::string_view text, const std::string& file);
History parse_edn(std::string_view text, const std::string& file);

// Decides from the first non-blank line: '{' then '"' is the own format, '{'
// then ':' is EDN, a `<prefix> <process> :<type> :<f> <value>` line
// is a Jepsen log. Raises ParseError when it is none of them.
Format detect_format(std::string_view text, const std::string& file);

// Detects the format and parses. An empty text is an empty own-format history.
History parse_history(std::string_view text, const std::string& file);

// The largest history file read_history_file takes: about ten million operations.
inline constexpr std::size_t kMaxHistoryFileBytes = std::size_t{1} << 30;
// Reads a regular file of at most `max_bytes`. A file that cannot be read, a
// directory, a device, pipe or socket (/dev/zero would never end) and a larger
// file are each a ParseError on line 0, raised before anything is read.
std::string read_input_file(const std::string& path, std::size_t max_bytes);
// Reads and parses a history file (read_input_file, parse_history). A file
// with no operations is a ParseError too: an empty history proves nothing.
History read_history_file(const std::string& path);

// Writes the own format, one event per line in event order.
void write_own_format(std::ostream& out, const History& history);
std::string to_own_format(const History& history);

}  // namespace store::history
