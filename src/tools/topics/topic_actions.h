// The five actions of `gregor topics`, each against a connected admin client, printing to stdout
// what kafka-topics.sh prints. They return the exit code and throw tool_error (or a client error)
// for what the user must be told on stderr.
#pragma once

#include "gregor/admin.h"
#include "tools/topics/topics_options.h"

namespace gregor::tools {

int create_topic(kafka_admin_client& admin, const topics_options& options);
int list_topics(kafka_admin_client& admin, const topics_options& options);
int describe_topics(kafka_admin_client& admin, const topics_options& options);
int alter_topic(kafka_admin_client& admin, const topics_options& options);
int delete_topics(kafka_admin_client& admin, const topics_options& options);

}  // namespace gregor::tools
