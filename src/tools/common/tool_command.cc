#include "tools/common/tool_command.h"

#include <exception>
#include <iostream>

#include "gregor/errors.h"
#include "tools/common/tool_error.h"

namespace gregor::tools {

int run_tool(const tool_command& tool) {
  try {
    return tool.run();
  } catch (const tool_error& e) {
    std::cerr << "Error: " << e.what() << "\n";
  } catch (const config_error& e) {
    std::cerr << "Error: invalid client configuration: " << e.what() << "\n";
  } catch (const kafka_error& e) {
    std::cerr << "Error: " << e.what() << "\n";
  } catch (const std::exception& e) {
    std::cerr << "Error: " << e.what() << "\n";
  }
  std::cerr.flush();
  return 1;
}

}  // namespace gregor::tools
