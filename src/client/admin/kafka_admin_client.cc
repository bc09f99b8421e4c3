// kafka_admin_client: the public face (gregor/admin.h). Each method hands its work to the
// operation that implements it; they run on the context's I/O thread.
#include "gregor/admin.h"

#include "client/admin/admin_context.h"
#include "client/admin/config_operations.h"
#include "client/admin/group_offset_operations.h"
#include "client/admin/group_operations.h"
#include "client/admin/metadata_queries.h"
#include "client/admin/partition_operations.h"
#include "client/admin/topic_operations.h"

namespace gregor {

namespace admin = client::admin;

struct kafka_admin_client::impl {
  explicit impl(const config& cfg) : ctx(admin::read_admin_settings(cfg)) {}
  admin::admin_context ctx;
};

kafka_admin_client::kafka_admin_client(const config& cfg) : impl_(std::make_unique<impl>(cfg)) {}
kafka_admin_client::~kafka_admin_client() = default;

admin_results<std::string, created_topic> kafka_admin_client::create_topics(std::vector<new_topic> topics,
                                                                            create_topics_options options) {
  return admin::create_topics(impl_->ctx, std::move(topics), options);
}

admin_results<std::string, void> kafka_admin_client::delete_topics(std::vector<std::string> topics,
                                                                   admin_options options) {
  return admin::delete_topics(impl_->ctx, std::move(topics), options);
}

admin_future<std::vector<topic_listing>> kafka_admin_client::list_topics(list_topics_options options) {
  return admin::list_topics(impl_->ctx, options);
}

admin_results<std::string, topic_description> kafka_admin_client::describe_topics(std::vector<std::string> topics,
                                                                                  admin_options options) {
  return admin::describe_topics(impl_->ctx, std::move(topics), options);
}

admin_results<std::string, void> kafka_admin_client::create_partitions(std::map<std::string, new_partitions> topics,
                                                                       create_partitions_options options) {
  return admin::create_partitions(impl_->ctx, std::move(topics), options);
}

admin_results<config_resource, config_description> kafka_admin_client::describe_configs(
    std::vector<config_resource> resources, describe_configs_options options) {
  return admin::describe_configs(impl_->ctx, std::move(resources), options);
}

admin_results<config_resource, void> kafka_admin_client::alter_configs(
    std::map<config_resource, std::map<std::string, std::string>> configs, alter_configs_options options) {
  return admin::alter_configs(impl_->ctx, std::move(configs), options);
}

admin_results<config_resource, void> kafka_admin_client::incremental_alter_configs(
    std::map<config_resource, std::vector<alter_config_op>> changes, alter_configs_options options) {
  return admin::incremental_alter_configs(impl_->ctx, std::move(changes), options);
}

admin_future<cluster_description> kafka_admin_client::describe_cluster(admin_options options) {
  return admin::describe_cluster(impl_->ctx, options);
}

admin_future<std::vector<consumer_group_listing>> kafka_admin_client::list_consumer_groups(
    list_consumer_groups_options options) {
  return admin::list_consumer_groups(impl_->ctx, options);
}

admin_results<std::string, consumer_group_description> kafka_admin_client::describe_consumer_groups(
    std::vector<std::string> group_ids, admin_options options) {
  return admin::describe_consumer_groups(impl_->ctx, std::move(group_ids), options);
}

admin_future<std::map<topic_partition, offset_and_metadata>> kafka_admin_client::list_consumer_group_offsets(
    std::string group_id, std::optional<std::vector<topic_partition>> partitions, admin_options options) {
  return admin::list_consumer_group_offsets(impl_->ctx, std::move(group_id), std::move(partitions), options);
}

admin_results<topic_partition, void> kafka_admin_client::alter_consumer_group_offsets(
    std::string group_id, std::map<topic_partition, offset_and_metadata> offsets, admin_options options) {
  return admin::alter_consumer_group_offsets(impl_->ctx, std::move(group_id), std::move(offsets), options);
}

admin_results<topic_partition, void> kafka_admin_client::delete_consumer_group_offsets(
    std::string group_id, std::vector<topic_partition> partitions, admin_options options) {
  return admin::delete_consumer_group_offsets(impl_->ctx, std::move(group_id), std::move(partitions), options);
}

admin_results<std::string, void> kafka_admin_client::delete_consumer_groups(std::vector<std::string> group_ids,
                                                                            admin_options options) {
  return admin::delete_consumer_groups(impl_->ctx, std::move(group_ids), options);
}

admin_results<topic_partition, deleted_records> kafka_admin_client::delete_records(
    std::map<topic_partition, int64_t> before_offsets, admin_options options) {
  return admin::delete_records(impl_->ctx, std::move(before_offsets), options);
}

admin_results<topic_partition, listed_offset> kafka_admin_client::list_offsets(
    std::map<topic_partition, offset_spec> specs, list_offsets_options options) {
  return admin::list_offsets(impl_->ctx, std::move(specs), options);
}

}  // namespace gregor
