#pragma once
// Domain events for model tests: a small account table and one constructor per event kind.

#include <string>

#include "model/domain_event.h"

namespace io::model::testing {

inline AccountTable three_accounts() { return {{"alice", 10000}, {"bob", 5000}, {"carol", 0}}; }

inline DomainEvent opened(AccountId account, std::int64_t cents) {
  DomainEvent e;
  e.kind = DomainEventKind::account_opened;
  e.account = account;
  e.amount_cents = cents;
  return e;
}

inline DomainEvent transfer(AccountId from, AccountId to, std::int64_t cents, std::string memo = "") {
  DomainEvent e;
  e.kind = DomainEventKind::transfer;
  e.account = from;
  e.to = to;
  e.amount_cents = cents;
  e.text = std::move(memo);
  return e;
}

inline DomainEvent renamed(AccountId account, std::string name) {
  DomainEvent e;
  e.kind = DomainEventKind::rename;
  e.account = account;
  e.text = std::move(name);
  return e;
}

}  // namespace io::model::testing
