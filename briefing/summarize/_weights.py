"""Fitted weights of the default sentence scorer (written by scripts/fit_sentence_scorer.py)."""

# intercept, then one weight per feature of briefing.summarize._scorer.FEATURES (raw
# feature scale); ridge fit on the tune halves of 10kgnad-lead-dev.jsonl and html-de
# descriptions, penalty 1000 chosen by cross-validation grouped by outlet
WEIGHTS = (
    -0.05560,  # intercept
    -0.00294,  # lead
    0.17163,  # position
    -0.03557,  # relative_position
    -0.00818,  # relative_length
    0.01692,  # centrality
    0.00551,  # headline_overlap
    0.10151,  # keyword_share
    0.05637,  # names
    0.00028,  # number
    -0.02011,  # quote_share
    -0.00946,  # dangling
    -0.13705,  # standfirst
)
