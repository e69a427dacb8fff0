// The CSV reader of `account import` (cli/csv.h ParseCsv). Invariants: rows
// come in file order with line numbers from 1 up to the number of lines;
// the rows read without error, written back as CSV (every field quoted)
// and read again, give the same fields, no error, and line numbers that
// count every line break (CRLF, LF or CR) before each row, those inside
// quoted fields included.
#include <string>
#include <vector>

#include "cli/csv.h"
#include "fuzz_check.h"

namespace {

// Line breaks in `s`: CRLF, LF and CR each count one.
int LineBreaks(std::string_view s) {
  int n = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\n' ||
        (s[i] == '\r' && (i + 1 == s.size() || s[i + 1] != '\n'))) {
      ++n;
    }
  }
  return n;
}

std::string Quoted(const std::string& field) {
  std::string out = "\"";
  for (char c : field) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(sesame::fuzz::AsText(data, size));
  const std::vector<sesame::CsvRow> rows = sesame::ParseCsv(text);

  const int lines = 1 + LineBreaks(text);
  int previous = 0;
  std::vector<std::vector<std::string>> good;
  for (const sesame::CsvRow& row : rows) {
    FUZZ_CHECK(row.line > previous && row.line <= lines,
               std::to_string(row.line) + " after " + std::to_string(previous));
    previous = row.line;
    FUZZ_CHECK(!row.fields.empty(), text);
    if (row.error.empty()) good.push_back(row.fields);
  }

  std::string written;
  std::vector<int> expected_lines;
  int line = 1;
  for (const std::vector<std::string>& fields : good) {
    expected_lines.push_back(line);
    for (size_t i = 0; i < fields.size(); ++i) {
      if (i > 0) written += ',';
      written += Quoted(fields[i]);
      line += LineBreaks(fields[i]);
    }
    written += "\r\n";
    ++line;
  }
  const std::vector<sesame::CsvRow> again = sesame::ParseCsv(written);
  FUZZ_CHECK(again.size() == good.size(), written);
  for (size_t r = 0; r < again.size(); ++r) {
    FUZZ_CHECK(again[r].error.empty(), again[r].error);
    FUZZ_CHECK(again[r].fields == good[r], written);
    FUZZ_CHECK(again[r].line == expected_lines[r],
               "row " + std::to_string(r) + " at line " +
                   std::to_string(again[r].line) + ", expected " +
                   std::to_string(expected_lines[r]) + ": " + written);
  }
  return 0;
}
