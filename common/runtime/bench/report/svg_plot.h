// A small SVG line-chart writer for the benchmark report: lines with
// markers, linear or logarithmic axes with round ticks, a legend. Our own
// rather than gnuplot: no package to install on demand, the same bytes for
// the same figures (so committed plots change only when the figures do),
// and a format a unit test can check.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace store::bench {

struct Series {
  std::string name;
  std::vector<std::pair<double, double>> points;  // (x, y), drawn in this order
  bool dashed = false;                             // e.g. the other system, or the simulator
};

struct Plot {
  std::string title;
  std::string x_label;
  std::string y_label;
  bool log_x = false;
  bool log_y = false;
  int width = 720;
  int height = 420;
};

// A standalone SVG document. Points that a log axis cannot show (<= 0) are skipped.
std::string render_svg(const Plot& plot, const std::vector<Series>& series);

// The round tick values a reader expects between lo and hi (1-2-5 steps on a log axis).
std::vector<double> axis_ticks(double lo, double hi, bool log);

// Text made safe for SVG and HTML.
std::string escape_xml(const std::string& text);

}  // namespace store::bench
