#pragma once
// ParentLinks: how each state was first reached — its parent's index and the index of the action
// in actions(parent) — in 5 bytes a state: a 32-bit parent and an 8-bit action, in blocks that
// never move (growing copies nothing and wastes at most one block). The rare action index of 255
// or more goes to a side table. Paths are rebuilt from these links by re-running the model.
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "checker/detail/fingerprint_set.h"

namespace stsmc::checker::detail {

/// A link: parent kNoState for an initial state, whose `action` is its index in init_states().
struct ParentLink {
  StateIndex parent = kNoState;
  std::uint16_t action = 0;
};

class ParentLinks {
 public:
  static constexpr unsigned kBlockBits = 16;
  static constexpr std::size_t kBlock = std::size_t{1} << kBlockBits;

  std::size_t size() const { return size_; }

  /// Makes room for links [0, n); new links are unset. Not concurrent with set().
  void resize(std::size_t n) {
    while (blocks_.size() * kBlock < n) blocks_.push_back(std::make_unique_for_overwrite<Block>());
    size_ = n;
  }
  void push_back(ParentLink link) {
    resize(size_ + 1);
    set(size_ - 1, link);
  }

  /// Sets link i; threads may set different links at the same time.
  void set(std::size_t i, ParentLink link) {
    Block& b = *blocks_[i >> kBlockBits];
    const std::size_t k = i & (kBlock - 1);
    b.parent[k] = link.parent;
    if (link.action < kWide) {
      b.action[k] = static_cast<std::uint8_t>(link.action);
      return;
    }
    b.action[k] = kWide;
    std::lock_guard lock(wide_mu_);
    wide_[static_cast<StateIndex>(i)] = link.action;
  }

  ParentLink operator[](std::size_t i) const {
    const Block& b = *blocks_[i >> kBlockBits];
    const std::size_t k = i & (kBlock - 1);
    ParentLink link{b.parent[k], b.action[k]};
    if (link.action == kWide) link.action = wide_.at(static_cast<StateIndex>(i));
    return link;
  }

  /// Bytes held (whole blocks, and the side table at a generous 64 bytes an entry).
  std::size_t memory_bytes() const { return blocks_.size() * sizeof(Block) + wide_.size() * 64; }

 private:
  static constexpr std::uint8_t kWide = 255;
  struct Block {
    StateIndex parent[kBlock];
    std::uint8_t action[kBlock];
  };
  std::vector<std::unique_ptr<Block>> blocks_;
  std::size_t size_ = 0;
  std::map<StateIndex, std::uint16_t> wide_;
  std::mutex wide_mu_;
};

}  // namespace stsmc::checker::detail
