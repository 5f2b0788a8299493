"""Fitted weights of the default sentence scorer (written by scripts/fit_sentence_scorer.py)."""

# intercept, then one weight per feature of briefing.summarize._scorer.FEATURES (raw
# feature scale); ridge fit on the tune halves of 10kgnad-lead-dev.jsonl and html-de
# descriptions, penalty 3000 chosen by cross-validation grouped by outlet
WEIGHTS = (
    0.11445,  # intercept
    0.02953,  # lead
    0.10841,  # position
    -0.03598,  # relative_position
    0.00721,  # relative_length
    0.01810,  # centrality
    -0.01967,  # headline_overlap
    0.07981,  # keyword_share
    0.03713,  # names
    -0.00546,  # number
    0.01857,  # quote_share
    -0.00342,  # dangling
    -0.04188,  # standfirst
)
