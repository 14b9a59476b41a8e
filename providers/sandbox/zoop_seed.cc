#include "providers/sandbox/zoop_seed.h"

namespace cancela::sandbox::zoop_seed {

std::vector<ZoopSeller> Sellers() {
  return {{kLojaNorte, kLojaNorteId}, {kLojaSul, kLojaSulId}};
}

std::vector<ZoopTransactionSpec> Transactions() {
  auto credit = [](const char* id, int64_t amount, int days_ago) {
    ZoopTransactionSpec s;
    s.id = id;
    s.amount = amount;
    s.days_ago = days_ago;
    return s;
  };
  std::vector<ZoopTransactionSpec> out;
  out.push_back(credit(kCredit1, 10000, 3));
  out.push_back(credit(kCredit2, 10000, 3));
  out.push_back(credit(kCredit3, 10000, 3));
  ZoopTransactionSpec partly = credit(kPartlyCancelled, 10000, 5);
  partly.already_cancelled = 4000;
  partly.installments = 3;
  partly.card_brand = "Mastercard";
  out.push_back(partly);
  ZoopTransactionSpec debit = credit(kDebit, 5000, 1);
  debit.payment_type = "debit";
  debit.card_brand = "Mastercard";
  out.push_back(debit);
  ZoopTransactionSpec pre = credit(kPreAuthorized, 7000, 0);
  pre.status = "pre_authorized";
  out.push_back(pre);
  ZoopTransactionSpec settled = credit(kSettledNoRelease, 8000, 40);
  settled.settled = true;
  settled.card_brand = "Elo";
  out.push_back(settled);
  ZoopTransactionSpec released = credit(kSettledReleased, 8000, 40);
  released.settled = true;
  released.release_granted = true;
  out.push_back(released);
  ZoopTransactionSpec boleto = credit(kBoleto, 3000, 2);
  boleto.payment_type = "boleto";
  out.push_back(boleto);
  ZoopTransactionSpec failed = credit(kFailed, 2000, 1);
  failed.status = "failed";
  out.push_back(failed);
  ZoopTransactionSpec declines = credit(kIssuerDeclines, 4000, 2);
  declines.decline_voids = true;
  out.push_back(declines);
  ZoopTransactionSpec split = credit(kSplit, 10000, 2);
  split.split_minimum = 3000;
  out.push_back(split);
  ZoopTransactionSpec sul = credit(kSulCredit, 15000, 3);
  sul.seller = kLojaSul;
  out.push_back(sul);
  return out;
}

}  // namespace cancela::sandbox::zoop_seed
