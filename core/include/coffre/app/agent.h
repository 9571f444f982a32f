// The agent (issue 13, "Unattended"): a process that holds one vault's master key in locked memory
// so that commands and the scheduled retention run open the vault without Argon2id, as ssh-agent
// and gpg-agent do. One agent per vault folder, on a 0600 Unix socket in a 0700 folder
// ($XDG_RUNTIME_DIR/coffre, else /tmp/coffre-UID); it answers only processes of its own uid
// (SO_PEERCRED) and forgets the key at its idle timeout, on `coffre lock`, and when logind says the
// machine is going to sleep (where the system bus is reachable). The protocol is in
// docs/formats.md ("Agent protocol"); the trade-offs in docs/security.md ("The agent").
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "coffre/app/session.h"
#include "coffre/secret.h"
#include "coffre/status.h"

namespace coffre::app {

// The private folder that holds the agents' sockets: $XDG_RUNTIME_DIR/coffre when XDG_RUNTIME_DIR
// is set, else /tmp/coffre-UID. Created 0700 when missing; refused (IoError naming it) when it is a
// link, is owned by someone else or is open to others.
Result<std::filesystem::path> agent_runtime_dir();
// A short id for a vault folder: the first 8 bytes of BLAKE2b of its canonical path, in hex.
// Names the agent's socket and the vault's timer unit.
std::string vault_folder_id(const std::filesystem::path& vault_dir);
// RUNTIME/agent-<vault_folder_id>.sock
Result<std::filesystem::path> agent_socket_path(const std::filesystem::path& vault_dir);

struct PeerCredentials {
  pid_t pid = 0;
  uid_t uid = 0;
  gid_t gid = 0;
};

struct AgentOptions {
  std::chrono::seconds idle_timeout{15 * 60};  // forgets the key after this long unused
  // Whom the agent serves: its own uid.
  uid_t allowed_uid = 0;
  // Reads a connection's credentials; SO_PEERCRED when empty. Tests inject another uid here.
  std::function<std::optional<PeerCredentials>(int fd)> peer_credentials;
  // Listen to logind's PrepareForSleep on the system bus (when built with libsystemd).
  bool watch_suspend = true;
};

// What `coffre agent status` shows.
struct AgentState {
  pid_t pid = 0;
  std::string vault;     // the canonical vault folder
  std::string vault_id;  // the key-slot file's public id
  bool unlocked = false;
  std::int64_t idle_timeout_s = 0;
  std::optional<std::int64_t> idle_left_s;  // while unlocked
  std::string forgot_because;               // "", "idle-timeout", "lock", "suspend"
  std::int64_t started_at = 0, unlocked_at = 0;
  std::int64_t refused_peers = 0;  // connections refused for another uid
  bool suspend_watch = false;      // logind is being listened to
  std::string suspend_note;        // why not, when it is not
};

class AgentServer {
 public:
  // Binds the socket (0600) for `vault_dir`. Conflict when a live agent already serves it; a socket
  // left by a killed agent is replaced. The key is moved into the server.
  static Result<std::unique_ptr<AgentServer>> bind(const std::filesystem::path& socket_path,
                                                   const std::filesystem::path& vault_dir, std::string vault_id,
                                                   SecretBytes master_key, AgentOptions options);
  ~AgentServer();
  // Serves until stop is requested (`coffre agent stop`, request_stop(), SIGTERM/SIGINT when
  // install_signal_handlers() was called). Removes the socket and wipes the key on return.
  Status serve();
  void request_stop();
  // In a child made by fork(): moves the key into memory this process locked (mlock is not
  // inherited) and wipes the inherited copy.
  void relock_after_fork();
  // In the parent after fork(): closes its copies of the descriptors and wipes its copy of the key,
  // leaving the socket to the child.
  void abandon();
  void install_signal_handlers();
  AgentState state() const;

 private:
  struct Impl;
  explicit AgentServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// ---- the client side: every call connects, sends one request, reads one reply -----------------
// NotFound when no agent listens on `socket_path`; IoError when the peer is not of our uid.
Result<AgentState> agent_status(const std::filesystem::path& socket_path);
// The key, or nullopt when the agent is locked or serves another vault; NotFound when none runs.
Result<std::optional<SecretBytes>> agent_get_key(const std::filesystem::path& socket_path,
                                                 const std::filesystem::path& vault_dir);
// Gives a running, locked agent the key again (`coffre unlock` with an agent already running).
Status agent_put_key(const std::filesystem::path& socket_path, const std::filesystem::path& vault_dir,
                     const std::string& vault_id, const SecretBytes& key);
Status agent_lock(const std::filesystem::path& socket_path);
Status agent_stop(const std::filesystem::path& socket_path);

// Opens a session with the key of the agent serving `vault_dir`, or nullopt when no agent holds it
// (none running, locked, or its key no longer opens the folder): the caller asks for the
// passphrase then.
Result<std::optional<std::unique_ptr<Session>>> open_session_from_agent(const std::filesystem::path& vault_dir,
                                                                       PluginHost& plugins,
                                                                       const SessionOptions& options = {});

// "15m", "90s", "2h", "1d" as seconds (at least 1 s, at most 7 days); Usage error naming `option`.
Result<std::chrono::seconds> parse_idle_timeout(std::string_view text, std::string_view option);

}  // namespace coffre::app
