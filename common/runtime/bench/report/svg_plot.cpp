#include "svg_plot.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <sstream>

namespace store::bench {

namespace {

// Colour-blind-safe (Okabe and Ito), in the order rows are listed.
constexpr const char* kColours[] = {"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#F0E442",
                                    "#000000"};

std::string number(double value) {
  char text[32];
  if (value != 0 && (std::fabs(value) >= 100000 || std::fabs(value) < 0.001)) {
    std::snprintf(text, sizeof text, "%.0e", value);
  } else {
    std::snprintf(text, sizeof text, "%.4g", value);
  }
  return text;
}

std::string coord(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", value);
  return text;
}

}  // namespace

std::string escape_xml(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::vector<double> axis_ticks(double lo, double hi, bool log) {
  std::vector<double> ticks;
  if (!(hi > lo)) return {lo};
  if (log) {
    for (int e = static_cast<int>(std::floor(std::log10(lo))); e <= static_cast<int>(std::ceil(std::log10(hi)));
         ++e) {
      for (double m : {1.0, 2.0, 5.0}) {
        const double t = m * std::pow(10.0, e);
        if (t >= lo * 0.999 && t <= hi * 1.001) ticks.push_back(t);
      }
    }
    if (ticks.size() > 12) {  // a wide range: powers of ten only
      std::vector<double> tens;
      for (double t : ticks) {
        if (std::fabs(std::log10(t) - std::round(std::log10(t))) < 1e-9) tens.push_back(t);
      }
      ticks = tens;
    }
    return ticks;
  }
  const double raw = (hi - lo) / 6;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  double step = magnitude;
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    if (m * magnitude >= raw) {
      step = m * magnitude;
      break;
    }
  }
  for (double t = std::ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) ticks.push_back(std::fabs(t) < step * 1e-9 ? 0 : t);
  return ticks;
}

std::string render_svg(const Plot& plot, const std::vector<Series>& series) {
  double x_lo = std::numeric_limits<double>::max(), x_hi = std::numeric_limits<double>::lowest();
  double y_lo = x_lo, y_hi = x_hi;
  const auto usable = [&](double x, double y) { return (!plot.log_x || x > 0) && (!plot.log_y || y > 0); };
  for (const Series& s : series) {
    for (const auto& [x, y] : s.points) {
      if (!usable(x, y)) continue;
      x_lo = std::min(x_lo, x), x_hi = std::max(x_hi, x);
      y_lo = std::min(y_lo, y), y_hi = std::max(y_hi, y);
    }
  }
  if (x_lo > x_hi) x_lo = 1, x_hi = 10, y_lo = 1, y_hi = 10;  // nothing to draw: an empty frame
  if (!plot.log_y) y_lo = std::min(0.0, y_lo);
  const auto widen = [](double& lo, double& hi, bool log) {
    if (log) {
      lo = std::pow(10.0, std::floor(std::log10(lo) * 4) / 4);
      hi = std::pow(10.0, std::ceil(std::log10(hi) * 4) / 4);
      if (hi <= lo) hi = lo * 10;
    } else {
      if (hi <= lo) hi = lo + 1;
      hi += (hi - lo) * 0.05;
    }
  };
  widen(x_lo, x_hi, plot.log_x);
  widen(y_lo, y_hi, plot.log_y);

  const double left = 70, right = 200, top = 36, bottom = 50;
  const double w = plot.width - left - right, h = plot.height - top - bottom;
  const auto sx = [&](double x) {
    const double f = plot.log_x ? (std::log10(x) - std::log10(x_lo)) / (std::log10(x_hi) - std::log10(x_lo))
                                : (x - x_lo) / (x_hi - x_lo);
    return left + f * w;
  };
  const auto sy = [&](double y) {
    const double f = plot.log_y ? (std::log10(y) - std::log10(y_lo)) / (std::log10(y_hi) - std::log10(y_lo))
                                : (y - y_lo) / (y_hi - y_lo);
    return top + h - f * h;
  };

  std::ostringstream out;
  out << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << plot.width << "\" height=\"" << plot.height
      << "\" viewBox=\"0 0 " << plot.width << " " << plot.height
      << "\" font-family=\"sans-serif\" font-size=\"12\">\n"
      << "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
      << "<text x=\"" << left << "\" y=\"22\" font-size=\"14\" font-weight=\"bold\">" << escape_xml(plot.title)
      << "</text>\n";
  for (double t : axis_ticks(x_lo, x_hi, plot.log_x)) {
    out << "<line x1=\"" << coord(sx(t)) << "\" y1=\"" << top << "\" x2=\"" << coord(sx(t)) << "\" y2=\"" << top + h
        << "\" stroke=\"#ddd\"/><text x=\"" << coord(sx(t)) << "\" y=\"" << top + h + 16
        << "\" text-anchor=\"middle\">" << number(t) << "</text>\n";
  }
  for (double t : axis_ticks(y_lo, y_hi, plot.log_y)) {
    out << "<line x1=\"" << left << "\" y1=\"" << coord(sy(t)) << "\" x2=\"" << left + w << "\" y2=\"" << coord(sy(t))
        << "\" stroke=\"#ddd\"/><text x=\"" << left - 6 << "\" y=\"" << coord(sy(t) + 4)
        << "\" text-anchor=\"end\">" << number(t) << "</text>\n";
  }
  out << "<rect x=\"" << left << "\" y=\"" << top << "\" width=\"" << w << "\" height=\"" << h
      << "\" fill=\"none\" stroke=\"#444\"/>\n"
      << "<text x=\"" << coord(left + w / 2) << "\" y=\"" << plot.height - 12 << "\" text-anchor=\"middle\">"
      << escape_xml(plot.x_label) << (plot.log_x ? " (log scale)" : "") << "</text>\n"
      << "<text transform=\"translate(16," << coord(top + h / 2) << ") rotate(-90)\" text-anchor=\"middle\">"
      << escape_xml(plot.y_label) << (plot.log_y ? " (log scale)" : "") << "</text>\n";
  for (std::size_t i = 0; i < series.size(); ++i) {
    const Series& s = series[i];
    const char* colour = kColours[i % std::size(kColours)];
    std::string path;
    for (const auto& [x, y] : s.points) {
      if (!usable(x, y)) continue;
      path += (path.empty() ? "" : " ") + coord(sx(x)) + "," + coord(sy(y));
    }
    if (!path.empty()) {
      out << "<polyline fill=\"none\" stroke=\"" << colour << "\" stroke-width=\"2\""
          << (s.dashed ? " stroke-dasharray=\"6 4\"" : "") << " points=\"" << path << "\"/>\n";
      if (s.points.size() <= 12) {
        for (const auto& [x, y] : s.points) {
          if (usable(x, y)) {
            out << "<circle cx=\"" << coord(sx(x)) << "\" cy=\"" << coord(sy(y)) << "\" r=\"3\" fill=\"" << colour
                << "\"/>\n";
          }
        }
      }
    }
    const double ly = top + 8 + 18.0 * static_cast<double>(i);
    out << "<line x1=\"" << left + w + 12 << "\" y1=\"" << coord(ly) << "\" x2=\"" << left + w + 36 << "\" y2=\""
        << coord(ly) << "\" stroke=\"" << colour << "\" stroke-width=\"2\""
        << (s.dashed ? " stroke-dasharray=\"6 4\"" : "") << "/><text x=\"" << left + w + 42 << "\" y=\""
        << coord(ly + 4) << "\">" << escape_xml(s.name) << "</text>\n";
  }
  out << "</svg>\n";
  return out.str();
}

}  // namespace store::bench
