#include "runtime/frame.h"

#include <gtest/gtest.h>

namespace store::runtime {
namespace {

std::string header(std::uint32_t length) {
  std::string out;
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((length >> shift) & 0xFF));
  return out;
}

TEST(Frame, RoundTripsFramesFedByteByByte) {
  std::string stream;
  append_frame(stream, "hello", 100);
  append_frame(stream, std::string(70, 'x'), 100);
  FrameDecoder decoder(100);
  std::vector<std::string> payloads;
  for (char c : stream) {
    decoder.feed(std::string_view(&c, 1));
    while (auto payload = decoder.next()) payloads.emplace_back(*payload);
  }
  ASSERT_EQ(payloads.size(), 2u);
  EXPECT_EQ(payloads[0], "hello");
  EXPECT_EQ(payloads[1], std::string(70, 'x'));
  EXPECT_EQ(decoder.pending_bytes(), 0u);
}

TEST(Frame, ManyFramesInOneRead) {
  std::string stream;
  for (int i = 0; i < 50; ++i) append_frame(stream, "p" + std::to_string(i), 100);
  FrameDecoder decoder(100);
  decoder.feed(stream);
  int count = 0;
  while (auto payload = decoder.next()) EXPECT_EQ(*payload, "p" + std::to_string(count++));
  EXPECT_EQ(count, 50);
}

TEST(Frame, WaitsForAPartialFrame) {
  FrameDecoder decoder(100);
  decoder.feed(header(10) + "abc");
  EXPECT_FALSE(decoder.next().has_value());
  EXPECT_EQ(decoder.pending_bytes(), 7u);
  decoder.feed("defghij");
  EXPECT_EQ(*decoder.next(), "abcdefghij");
}

TEST(Frame, RejectsAnOversizedLengthBeforeItsPayloadArrives) {
  FrameDecoder decoder(1000);
  decoder.feed(header(1001));
  EXPECT_THROW(decoder.next(), FrameError);
  FrameDecoder huge(1 << 20);
  huge.feed("\xff\xff\xff\xff");
  EXPECT_THROW(huge.next(), FrameError);
}

TEST(Frame, RejectsAnEmptyFrame) {
  FrameDecoder decoder(100);
  decoder.feed(header(0));
  EXPECT_THROW(decoder.next(), FrameError);
}

TEST(Frame, EncoderRefusesWhatTheDecoderWouldReject) {
  std::string out;
  EXPECT_THROW(append_frame(out, "", 10), FrameError);
  EXPECT_THROW(append_frame(out, std::string(11, 'x'), 10), FrameError);
  EXPECT_TRUE(out.empty());
}

}  // namespace
}  // namespace store::runtime
