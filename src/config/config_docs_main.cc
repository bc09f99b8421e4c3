// config_docs: prints docs/configuration.md to stdout, or writes it to the path given.
#include <cstdio>
#include <fstream>
#include <iostream>

#include "config/config_docs.h"

int main(int argc, char** argv) {
  std::string doc = gregor::config::render_configuration_markdown();
  if (argc < 2) {
    std::cout << doc;
    return 0;
  }
  std::ofstream out(argv[1], std::ios::binary | std::ios::trunc);
  out << doc;
  out.close();
  if (!out) {
    std::fprintf(stderr, "cannot write %s\n", argv[1]);
    return 1;
  }
  return 0;
}
