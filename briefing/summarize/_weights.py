"""Fitted weights of the default sentence scorer (written by scripts/fit_sentence_scorer.py)."""

# intercept, then one weight per feature of briefing.summarize._scorer.FEATURES (raw
# feature scale); ridge fit on the tune halves of 10kgnad-lead-dev.jsonl and html-de
# descriptions, penalty 3000 chosen by cross-validation grouped by outlet
WEIGHTS = (
    -0.03791,  # intercept
    0.03151,  # lead
    0.10733,  # position
    -0.03574,  # relative_position
    -0.00595,  # relative_length
    0.02029,  # centrality
    0.00517,  # headline_overlap
    0.07327,  # keyword_share
    0.04445,  # names
    0.00076,  # number
    -0.01682,  # quote_share
    -0.00532,  # dangling
    -0.08228,  # standfirst
)
