// rdkafka_mock_cluster: runs librdkafka's in-process mock Kafka cluster as a standalone process,
// so Gregor's client can be tested against a second, independent broker implementation.
//
//   rdkafka_mock_cluster [--brokers N] [--topic name:partitions[:replication]]... [--ignore-stdin]
//
// Prints one line `BOOTSTRAP <host:port,...>` on stdout once the brokers listen, then serves until
// stdin reaches EOF (a test harness closing its pipe, or dying, stops us) or SIGINT/SIGTERM arrives;
// --ignore-stdin waits for a signal only (for use from a shell in the background). Exits 0 after
// destroying the cluster, 2 on bad arguments, 1 when the cluster cannot start.
// The mock does not implement CreateTopics; topics are created here or auto-created by producers.
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

volatile std::sig_atomic_t stop_requested = 0;

void on_signal(int) { stop_requested = 1; }

struct topic_spec {
  std::string name;
  int partitions = 1;
  int replication = 1;
};

struct options {
  int brokers = 1;
  std::vector<topic_spec> topics;
  bool ignore_stdin = false;
};

int usage(const char* argv0) {
  std::fprintf(stderr, "usage: %s [--brokers N] [--topic name:partitions[:replication]]... [--ignore-stdin]\n", argv0);
  return 2;
}

// "name:partitions[:replication]"; the name itself may not contain ':' (Kafka forbids it anyway).
bool parse_topic(const std::string& arg, topic_spec& out) {
  size_t colon = arg.find(':');
  if (colon == 0 || colon == std::string::npos) return false;
  out.name = arg.substr(0, colon);
  char* end = nullptr;
  out.partitions = static_cast<int>(std::strtol(arg.c_str() + colon + 1, &end, 10));
  if (*end == ':') out.replication = static_cast<int>(std::strtol(end + 1, &end, 10));
  return *end == '\0' && out.partitions > 0 && out.replication > 0;
}

bool parse(int argc, char** argv, options& opt) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--brokers" && i + 1 < argc) {
      opt.brokers = std::atoi(argv[++i]);
      if (opt.brokers <= 0) return false;
    } else if (a == "--topic" && i + 1 < argc) {
      topic_spec t;
      if (!parse_topic(argv[++i], t)) return false;
      opt.topics.push_back(t);
    } else if (a == "--ignore-stdin") {
      opt.ignore_stdin = true;
    } else {
      return false;
    }
  }
  for (const auto& t : opt.topics)
    if (t.replication > opt.brokers) return false;
  return true;
}

// Blocks until stdin hits EOF/error (unless ignored) or a stop signal arrives.
void wait_for_stop(bool ignore_stdin) {
  while (!stop_requested) {
    if (ignore_stdin) {
      pause();  // returns when a signal handler ran
      continue;
    }
    pollfd pfd{STDIN_FILENO, POLLIN, 0};
    int n = poll(&pfd, 1, 500);
    if (n <= 0) continue;  // timeout, or EINTR from our own signal
    char buf[4096];
    ssize_t got = read(STDIN_FILENO, buf, sizeof buf);
    if (got == 0 || (got < 0 && errno != EINTR)) return;  // EOF: our parent is done with us
  }
}

}  // namespace

int main(int argc, char** argv) {
  options opt;
  if (!parse(argc, argv, opt)) return usage(argv[0]);

  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  // The mock cluster needs a client handle for its bookkeeping; it never connects anywhere itself.
  char err[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  rd_kafka_conf_set(conf, "log_level", "4", err, sizeof err);  // hide "no bootstrap.servers" notice
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
  if (!rk) {
    std::fprintf(stderr, "rd_kafka_new: %s\n", err);
    return 1;
  }
  rd_kafka_mock_cluster_t* cluster = rd_kafka_mock_cluster_new(rk, opt.brokers);
  if (!cluster) {
    std::fprintf(stderr, "rd_kafka_mock_cluster_new failed\n");
    rd_kafka_destroy(rk);
    return 1;
  }
  for (const auto& t : opt.topics) {
    rd_kafka_resp_err_t e = rd_kafka_mock_topic_create(cluster, t.name.c_str(), t.partitions, t.replication);
    if (e != RD_KAFKA_RESP_ERR_NO_ERROR) {
      std::fprintf(stderr, "creating topic %s: %s\n", t.name.c_str(), rd_kafka_err2str(e));
      rd_kafka_mock_cluster_destroy(cluster);
      rd_kafka_destroy(rk);
      return 1;
    }
  }

  std::printf("BOOTSTRAP %s\n", rd_kafka_mock_cluster_bootstraps(cluster));
  std::fflush(stdout);

  wait_for_stop(opt.ignore_stdin);

  rd_kafka_mock_cluster_destroy(cluster);
  rd_kafka_destroy(rk);
  return 0;
}
