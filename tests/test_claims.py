"""Claims: who acts, who speaks, statement or action, which way — on the hard cases."""

from __future__ import annotations

from datetime import timedelta

import pytest

from config.schema import Config, Issue, Party, Talks
from feeds.analysis import Analyzer
from feeds.model import Claim, Item


def _russia_ukraine() -> Config:
    return Config(
        talks=Talks("Russia–Ukraine negotiations", timedelta(days=7)),
        parties=(
            Party("russia", "Russia", ("Russia", "Russian", "Moscow", "Kremlin"), ("Vladimir Medinsky", "Dmitry Peskov")),
            Party("ukraine", "Ukraine", ("Ukraine", "Ukrainian", "Kyiv"), ("Volodymyr Zelensky",)),
            Party("us", "United States", ("US", "Pentagon", "White House"), ("John Kirby",)),
        ),
        issues=(
            Issue("drawdown", "Drawdown near Kyiv", ("military activity", "withdrawal", "pull back", "Chernihiv")),
            Issue("neutrality", "Neutral status", ("neutrality", "neutral status")),
            Issue("energy", "Energy strikes", ("oil depot", "fuel depot")),
        ),
    )


def _iran() -> Config:
    return Config(
        talks=Talks("Iran nuclear talks"),
        parties=(
            Party("iran", "Iran", ("Iran", "Iranian", "Tehran")),
            Party("us", "United States", ("US", "Washington")),
        ),
        issues=(Issue("enrichment", "Enrichment", ("enrichment", "centrifuges", "uranium")),),
    )


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer(_russia_ukraine())


def _claims(analyzer: Analyzer, title: str, summary: str = "") -> list[Claim]:
    return list(analyzer.read(Item("x", title, summary)).claims)


def _one(analyzer: Analyzer, title: str, summary: str = "") -> Claim:
    claims = _claims(analyzer, title, summary)
    assert len(claims) == 1, claims
    return claims[0]


def _shape(claim: Claim) -> tuple[str, str, str | None, str]:
    return claim.kind, claim.party, claim.speaker, claim.direction


def test_reported_speech_makes_the_reported_party_the_actor(analyzer: Analyzer) -> None:
    claim = _one(analyzer, "The Pentagon says Russian units are regrouping")
    assert _shape(claim) == ("action", "russia", "us", "neutral")


def test_trailing_attribution_names_the_speaker(analyzer: Analyzer) -> None:
    claim = _one(analyzer, "Military activity near Kyiv will be drastically reduced, Kremlin says")
    assert _shape(claim) == ("statement", "russia", "russia", "deescalate")
    assert claim.issues == ("drawdown",)


def test_headline_label_names_the_speaker(analyzer: Analyzer) -> None:
    claim = _one(analyzer, "Pentagon: Russian moves are a repositioning, not a real withdrawal")
    assert claim.party == "russia" and claim.speaker == "us" and claim.kind == "action"
    assert claim.direction != "deescalate"


@pytest.mark.parametrize(
    "title, direction",
    [
        ("Russian forces did not stop shelling Chernihiv", "escalate"),
        ("Russian forces stopped shelling Chernihiv", "deescalate"),
        ("Russian troops are not withdrawing but repositioning", "escalate"),
        ("Russia shells Chernihiv despite pledge to pull back", "escalate"),
        ("Russian troops withdraw from Chernihiv", "deescalate"),
    ],
)
def test_negation_inversion_and_background_frames(analyzer: Analyzer, title: str, direction: str) -> None:
    claim = _one(analyzer, title)
    assert (claim.party, claim.kind, claim.direction) == ("russia", "action", direction)


@pytest.mark.parametrize(
    "title, kind",
    [
        ("Russia will reduce military activity near Kyiv", "statement"),
        ("Russia to scale back operations near Kyiv", "statement"),
        ("Russia pledges to pull back from Kyiv", "statement"),
        ("Russia reduced military activity near Kyiv", "action"),
        ("Russian troops began withdrawing from Kyiv", "action"),
    ],
)
def test_future_and_intent_make_statements_past_deeds_actions(analyzer: Analyzer, title: str, kind: str) -> None:
    claim = _one(analyzer, title)
    assert (claim.party, claim.kind, claim.direction) == ("russia", kind, "deescalate")


def test_an_offer_is_a_deescalating_statement(analyzer: Analyzer) -> None:
    assert _shape(_one(analyzer, "Ukraine offers neutrality")) == ("statement", "ukraine", None, "deescalate")


def test_a_denial_of_an_attack_claims_restraint(analyzer: Analyzer) -> None:
    claim = _one(analyzer, "Kremlin denies shelling Chernihiv")
    assert (claim.kind, claim.party, claim.direction) == ("statement", "russia", "deescalate")


def test_an_accusation_makes_the_accused_the_actor(analyzer: Analyzer) -> None:
    claim = _one(analyzer, "Russia accuses Ukraine of attacking oil depot")
    assert _shape(claim) == ("action", "ukraine", "russia", "escalate")
    assert claim.issues == ("energy",)


def test_a_charge_without_a_deed_word_is_still_an_action_of_the_accused(analyzer: Analyzer) -> None:
    claim = _claims(analyzer, "Fire at fuel depot; Moscow blames Ukrainian helicopters")[-1]
    assert claim.text == "Moscow blames Ukrainian helicopters"
    assert _shape(claim) == ("action", "ukraine", "russia", "escalate")


def test_a_deed_without_a_doer_takes_the_doer_the_item_names(analyzer: Analyzer) -> None:
    claims = _claims(analyzer, "Missiles hit Chernihiv after pledge", "Russian forces shelled the city overnight.")
    assert [(c.party, c.kind, c.direction) for c in claims] == [("russia", "action", "escalate")] * 2


def test_a_deed_without_a_doer_stays_unattributed_when_the_item_is_ambiguous(analyzer: Analyzer) -> None:
    claims = _claims(analyzer, "Missiles hit Chernihiv", "Russia and Ukraine traded blame. Russian forces shelled the city; Ukraine shelled back.")
    assert all(c.text != "Missiles hit Chernihiv" for c in claims)


def test_third_party_speculation_is_the_speakers_neutral_statement(analyzer: Analyzer) -> None:
    claim = _one(analyzer, "Kirby said Kyiv could still face a major attack")
    assert _shape(claim) == ("statement", "us", "us", "neutral")


def test_pronoun_speaker_is_the_items_last_speaker(analyzer: Analyzer) -> None:
    claims = _claims(analyzer, "Zelensky sets out red lines", "'We will not give up our land,' he said.")
    assert claims[-1].party == "ukraine" and claims[-1].speaker == "ukraine"


def test_rules_work_for_other_talks_too() -> None:
    analyzer = Analyzer(_iran())
    claim = _one(analyzer, "Iran halts enrichment at Natanz, Washington says")
    assert _shape(claim) == ("action", "iran", "us", "deescalate")
    claim = _one(analyzer, "Tehran says it will not expand enrichment")
    assert (claim.party, claim.kind) == ("iran", "statement")


def test_installing_centrifuges_is_an_enrichment_step() -> None:
    analyzer = Analyzer(_iran())
    claim = _one(analyzer, "Iran would also install 1,000 more centrifuges at Natanz")
    assert (claim.party, claim.kind, claim.direction) == ("iran", "statement", "escalate")


# -- clauses: one sentence, several claims --------------------------------------------------


def _shapes(claims: list[Claim]) -> list[tuple[str, str, str | None, str]]:
    return [_shape(c) for c in claims]


def test_a_participle_report_opens_a_second_clause_spoken_by_the_first_actor(analyzer: Analyzer) -> None:
    claims = _claims(analyzer, "Kremlin denied it, saying Ukrainian units had shelled Chernihiv")
    assert _shapes(claims) == [
        ("statement", "russia", None, "deescalate"),
        ("action", "ukraine", "russia", "escalate"),
    ]
    assert claims[0].text == "Kremlin denied it"
    assert claims[1].text == "saying Ukrainian units had shelled Chernihiv"


def test_and_that_keeps_the_speaker_for_the_second_clause(analyzer: Analyzer) -> None:
    claims = _claims(analyzer, "Kyiv said talks would resume, and that Russian forces had shelled Chernihiv")
    assert _shapes(claims) == [
        ("statement", "ukraine", "ukraine", "neutral"),
        ("action", "russia", "ukraine", "escalate"),
    ]


def test_a_headline_as_clause_with_its_own_speaker_is_read_on_its_own(analyzer: Analyzer) -> None:
    claims = _claims(analyzer, "Ukraine reports shelling of Chernihiv as Kremlin says troops will pull back from Kyiv")
    assert ("statement", "russia", "russia", "deescalate") in _shapes(claims)
    assert claims[-1].text == "as Kremlin says troops will pull back from Kyiv"


def test_as_soon_as_is_a_condition_not_a_second_clause(analyzer: Analyzer) -> None:
    claims = _claims(analyzer, "Kyiv will sign as soon as Russia pulls back from Chernihiv")
    assert len(claims) == 1 and claims[0].party == "ukraine" and claims[0].kind == "statement"


def test_a_clause_takes_only_its_own_issues(analyzer: Analyzer) -> None:
    claims = _claims(analyzer, "Kyiv said talks on neutrality would resume, and that Russian forces had shelled Chernihiv")
    assert claims[0].issues == ("neutrality",)
    assert claims[1].issues == ("drawdown",)


# -- hedges, conditions, reports --------------------------------------------------------------


def test_a_hedged_threat_about_oneself_is_the_speakers_own_statement(analyzer: Analyzer) -> None:
    claims = _claims(analyzer, "Kyiv said Russian forces shelled Chernihiv and warned it could strike back")
    assert _shapes(claims)[-1] == ("statement", "ukraine", "ukraine", "escalate")


def test_warned_that_a_third_party_could_be_hit_is_neutral_for_a_pronoun_speaker(analyzer: Analyzer) -> None:
    claims = _claims(analyzer, "Kirby spoke in Washington", "He warned that Kyiv could still face a major attack.")
    assert _shape(claims[-1]) == ("statement", "us", "us", "neutral")


def test_any_makes_a_foreseen_case_and_its_party_no_doer(analyzer: Analyzer) -> None:
    claim = _one(analyzer, "Kyiv says any Russian attack on its ports will be met with a response")
    assert _shape(claim) == ("statement", "ukraine", "ukraine", "neutral")


def test_a_negated_step_under_a_condition_is_a_restated_position(analyzer: Analyzer) -> None:
    claim = _one(analyzer, "Kyiv said it would not pull back while the attacks went on")
    assert (claim.party, claim.kind, claim.direction) == ("ukraine", "statement", "neutral")


def test_a_negated_infinitive_is_a_pledge_of_restraint(analyzer: Analyzer) -> None:
    assert _one(analyzer, "Russia pledged not to strike the ports").direction == "deescalate"
    assert _one(analyzer, "Russia took on obligations not to use the corridor").direction == "deescalate"


def test_meetings_and_urging_others_are_neutral(analyzer: Analyzer) -> None:
    assert {c.direction for c in _claims(analyzer, "Russian and Ukrainian delegations meet in Istanbul")} == {"neutral"}
    assert _shape(_one(analyzer, "Pentagon urges Russia to withdraw from Kyiv")) == ("statement", "us", None, "neutral")
    assert {c.direction for c in _claims(analyzer, "Russia and Ukraine trade accusations of ceasefire violations")} == {"neutral"}


def test_open_to_discussion_negated_is_a_hardening(analyzer: Analyzer) -> None:
    assert _one(analyzer, "Peskov: neutrality 'not up for discussion'").direction == "escalate"
    assert _one(analyzer, "Kyiv is ready to discuss neutral status").direction == "deescalate"


def test_a_report_of_a_deed_with_no_doer_is_not_the_reporters_deed(analyzer: Analyzer) -> None:
    assert _claims(analyzer, "Fighting continued near Chernihiv, Ukraine's military said") == []


def test_a_joint_speaker_speaks_for_each_party(analyzer: Analyzer) -> None:
    claims = _claims(analyzer, "Russia and Ukraine said a truce would start at noon")
    assert sorted((c.party, c.kind, c.direction) for c in claims) == [
        ("russia", "statement", "deescalate"), ("ukraine", "statement", "deescalate"),
    ]


# -- passives and kept promises ----------------------------------------------------------------


def test_a_passive_subject_is_done_to_and_a_release_is_the_other_sides(analyzer: Analyzer) -> None:
    claim = _one(analyzer, "86 Ukrainian soldiers freed from Russian captivity")
    assert (claim.kind, claim.party, claim.direction) == ("action", "russia", "deescalate")


def test_a_release_in_a_swap_is_both_sides_deed(analyzer: Analyzer) -> None:
    claims = analyzer.read(Item("s", "86 Ukrainian soldiers freed in swap with Russia")).claims
    assert sorted((c.kind, c.party, c.direction) for c in claims) == [
        ("action", "russia", "deescalate"), ("action", "ukraine", "deescalate")
    ]


def test_a_scare_quoted_plan_word_is_a_description_not_an_intent(analyzer: Analyzer) -> None:
    claim = _one(analyzer, "Zelensky orders 'planned and organised' withdrawal from Chernihiv")
    assert (claim.kind, claim.party, claim.direction) == ("action", "ukraine", "deescalate")


def test_foreign_bases_are_a_hardening_and_refusing_them_a_concession(analyzer: Analyzer) -> None:
    claim = _one(analyzer, "Ukraine would not host foreign bases or troops")
    assert (claim.kind, claim.party, claim.direction) == ("statement", "ukraine", "deescalate")


def test_a_broken_truce_is_the_breakers_deed(analyzer: Analyzer) -> None:
    claim = _one(analyzer, "The truce had been broken by Russian forces, Kyiv said")
    assert _shape(claim) == ("action", "russia", "ukraine", "escalate")


# -- schedules, refusals, demands, verdicts, denials -------------------------------------------


def test_not_before_a_date_is_a_schedule_not_a_refusal(analyzer: Analyzer) -> None:
    claim = _one(analyzer, "Truce will not start before Friday, Kyiv says")
    assert _shape(claim) == ("statement", "ukraine", "ukraine", "neutral")


def test_ruling_out_a_meeting_is_a_refusal(analyzer: Analyzer) -> None:
    assert _one(analyzer, "Kremlin ruled out any meeting with Ukrainian officials").direction == "escalate"


def test_should_said_of_another_party_is_the_speakers_demand(analyzer: Analyzer) -> None:
    claim = _one(analyzer, "Kremlin says Kyiv should let its troops surrender")
    assert (claim.kind, claim.party, claim.speaker) == ("statement", "russia", "russia")


def test_a_denial_phrase_starting_with_a_negator_is_a_denial(analyzer: Analyzer) -> None:
    claim = _one(analyzer, "Kremlin said the group had nothing to do with it")
    assert _shape(claim) == ("statement", "russia", "russia", "deescalate")


def test_a_verdict_on_another_party_is_the_speakers_neutral_statement(analyzer: Analyzer) -> None:
    assert _shape(_one(analyzer, "Kyiv says Moscow cannot be trusted")) == ("statement", "ukraine", "ukraine", "neutral")
    assert _one(analyzer, "Kremlin sees 'nothing very promising' yet").direction == "neutral"  # not a broken promise


def test_an_event_word_after_on_is_a_topic(analyzer: Analyzer) -> None:
    assert _one(analyzer, "Experts on sanctions will resume work next week, Kyiv says").direction == "neutral"


def test_an_order_to_hold_back_is_a_pledge_of_restraint(analyzer: Analyzer) -> None:
    assert _shape(_one(analyzer, "Kremlin tells troops to keep attacks down")) == ("statement", "russia", "russia", "deescalate")


def test_a_planned_step_with_no_doer_takes_the_doer_of_the_like_step(analyzer: Analyzer) -> None:
    claims = _claims(analyzer, "Kyiv orders release of 500 Russian prisoners", "A decree said prisoners would be freed on Friday.")
    assert [(c.kind, c.party, c.direction) for c in claims] == [
        ("action", "ukraine", "deescalate"), ("statement", "ukraine", "deescalate"),
    ]


def test_a_charge_after_a_comma_is_a_clause_of_its_own(analyzer: Analyzer) -> None:
    claims = _claims(analyzer, "Ukraine says rocket fired at Kyiv before dawn, accuses Russia of violation")
    assert [(c.kind, c.party, c.speaker, c.direction) for c in claims] == [("action", "russia", "ukraine", "escalate")] * 2
    assert claims[1].text == "accuses Russia of violation"


def test_an_agreed_thing_is_no_intent(analyzer: Analyzer) -> None:
    claim = _one(analyzer, "Kyiv said Russian forces had ignored the agreed corridor near Chernihiv")
    assert (claim.kind, claim.party, claim.direction) == ("action", "russia", "escalate")


def test_a_joint_statement_speaks_for_the_sides_not_the_broker(analyzer: Analyzer) -> None:
    claims = _claims(analyzer, "US brokers truce after Kirby meets both delegations",
                     "A joint statement said the truce would take effect on Monday. Russia and Ukraine exchanged lists.")
    said = sorted(c.party for c in claims if c.text.startswith("A joint statement"))
    assert said == ["russia", "ukraine"]


def test_under_fire_names_the_target_not_the_doer(analyzer: Analyzer) -> None:
    claims = _claims(analyzer, "Kyiv under fire again as Russian artillery hits the city")
    assert [(c.kind, c.party, c.direction) for c in claims] == [("action", "russia", "escalate")] * 2


def test_no_fire_from_ones_own_territory_is_a_denial(analyzer: Analyzer) -> None:
    claim = _one(analyzer, "Kyiv said no fire had come from Ukrainian territory")
    assert _shape(claim) == ("statement", "ukraine", "ukraine", "deescalate")


def test_agreeing_to_put_a_step_off_is_a_concession_but_a_delay_is_not(analyzer: Analyzer) -> None:
    assert _one(analyzer, "Kyiv agrees to delay the withdrawal from Chernihiv").direction == "deescalate"
    assert _one(analyzer, "Russia delays the withdrawal from Chernihiv").direction == "escalate"


def test_a_verdict_under_a_condition_keeps_its_hardening(analyzer: Analyzer) -> None:
    claim = _one(analyzer, "Kyiv said neutrality should not be on the table while Russian forces remained")
    assert (claim.party, claim.kind, claim.direction) == ("ukraine", "statement", "escalate")


def test_reserving_the_right_to_respond_is_a_threat(analyzer: Analyzer) -> None:
    assert _shape(_one(analyzer, "Kremlin reserved the right to respond")) == ("statement", "russia", None, "escalate")


def test_he_at_the_start_speaks_for_the_last_speaker(analyzer: Analyzer) -> None:
    claims = _claims(analyzer, "Peskov says talks go on", "He called the discussions useful. He declined to say whether troops would pull back.")
    assert [_shape(c) for c in claims[1:]] == [("statement", "russia", "russia", "neutral")] * 2


def test_a_second_negated_deed_after_a_comma_is_its_own_clause(analyzer: Analyzer) -> None:
    claims = _claims(analyzer, "Kyiv said Russian troops were pulling back, not ending their campaign")
    assert [(c.party, c.kind, c.direction) for c in claims] == [("russia", "action", "deescalate"), ("russia", "action", "escalate")]


def test_an_announced_step_with_no_doer_is_the_announcers_statement(analyzer: Analyzer) -> None:
    claims = _claims(analyzer, "Russia and Ukraine announce week-long 'humanitarian pause'")
    assert sorted((c.kind, c.party, c.direction) for c in claims) == [
        ("statement", "russia", "deescalate"), ("statement", "ukraine", "deescalate"),
    ]


def test_a_binding_verb_makes_its_object_the_actor(analyzer: Analyzer) -> None:
    claim = _one(analyzer, "Deal commits Russia to withdraw from Chernihiv within a month")
    assert (claim.kind, claim.party, claim.direction) == ("statement", "russia", "deescalate")


def test_and_with_a_new_subject_and_verb_opens_a_clause_but_a_list_of_names_does_not(analyzer: Analyzer) -> None:
    claims = _claims(analyzer, "Under the deal, shelling stops at noon and Russia will pull back from Chernihiv")
    assert ("statement", "russia", None, "deescalate") in _shapes(claims)
    assert claims[-1].text.endswith("Russia will pull back from Chernihiv")
    assert len(_claims(analyzer, "Peskov, Medinsky and Zelensky meet in Istanbul")) == 2  # russia, ukraine; no cut


def test_to_be_done_is_a_plan_not_a_deed(analyzer: Analyzer) -> None:
    claims = _claims(analyzer, "Kyiv: pause begins Friday, first 13 Russian prisoners to be freed that afternoon")
    assert {(c.kind, c.direction) for c in claims} == {("statement", "deescalate")}


def test_a_release_told_in_the_passive_by_its_doer_is_its_deed(analyzer: Analyzer) -> None:
    claim = _one(analyzer, "Ukraine's prison service said the Russians were released from a camp overnight")
    assert (claim.kind, claim.party, claim.direction) == ("action", "ukraine", "deescalate")


def test_units_moving_told_by_a_third_party_are_the_side_the_item_is_about(analyzer: Analyzer) -> None:
    claims = _claims(analyzer, "Pentagon: Russian moves near Kyiv are 'a repositioning, not a real withdrawal'",
                     "Kirby said a small number of units were moving away from the capital.")
    assert [(c.kind, c.party, c.speaker) for c in claims] == [("action", "russia", "us")] * 2
    assert claims[1].direction == "deescalate"


def test_a_topic_label_is_not_the_subject(analyzer: Analyzer) -> None:
    assert all(c.party != "ukraine" for c in _claims(analyzer, "Ukraine war: explosions rock port near Kyiv"))


def test_so_after_a_comma_opens_a_clause_of_consequence(analyzer: Analyzer) -> None:
    claims = _claims(analyzer, "Peskov said the district was encircled, so strikes there would go on")
    assert claims[-1].text == "so strikes there would go on"
    assert _shape(claims[-1]) == ("statement", "russia", "russia", "escalate")
    assert len(_claims(analyzer, "Kyiv rejects the so-called referendum, so-called by Moscow")) == 1


def test_crossing_the_border_is_an_incursion(analyzer: Analyzer) -> None:
    claim = _one(analyzer, "Kyiv said a Russian column crossed the border near Sumy overnight")
    assert _shape(claim) == ("action", "russia", "ukraine", "escalate")


def test_the_party_helped_is_not_the_doer(analyzer: Analyzer) -> None:
    claims = _claims(analyzer, "Kremlin says US drones helped Ukraine strike the fuel depot")
    assert [(c.kind, c.party, c.direction) for c in claims] == [("action", "us", "escalate")]
    assert [c.party for c in _claims(analyzer, "US advisers helped Ukraine and Russia agree a prisoner swap")] == ["us"]


@pytest.mark.parametrize("summary", ["Kyiv said 40 of its marines came home on Tuesday.", "Kyiv said 12 of its medics walked free."])
def test_a_speakers_own_people_freed_are_the_other_sides_deed(analyzer: Analyzer, summary: str) -> None:
    claims = _claims(analyzer, "Russia hands over captives", summary)
    assert _shape(claims[-1]) == ("action", "russia", "ukraine", "deescalate")


def test_a_speakers_own_units_moved_in_the_passive_stay_its_deed(analyzer: Analyzer) -> None:
    assert _shape(_one(analyzer, "Russia said its troops were redeployed"))[:2] == ("action", "russia")


def test_turning_back_others_is_an_obstruction(analyzer: Analyzer) -> None:
    claims = _claims(analyzer, "Russian guards turn back Ukrainian inspectors at the crossing")
    assert [(c.kind, c.party, c.direction) for c in claims] == [("action", "russia", "escalate")]


def test_denying_a_state_of_things_is_neutral_denying_a_role_is_restraint(analyzer: Analyzer) -> None:
    assert _shape(_one(analyzer, "Kremlin denied the bridgehead was lost")) == ("statement", "russia", None, "neutral")
    assert _shape(_one(analyzer, "Kremlin denied any role")) == ("statement", "russia", None, "deescalate")


@pytest.mark.parametrize(
    "title",
    [
        "Peskov says Kyiv should order its garrison to surrender",
        "Kremlin said it hoped Ukrainian commanders would let their men lay down their arms",
    ],
)
def test_calling_on_the_other_side_to_give_in_is_an_ultimatum(analyzer: Analyzer, title: str) -> None:
    assert _shape(_one(analyzer, title)) == ("statement", "russia", "russia", "escalate")


def test_another_sides_surrender_reported_stays_its_own_step(analyzer: Analyzer) -> None:
    assert _shape(_one(analyzer, "Moscow says Ukrainian marines will surrender")) == ("statement", "ukraine", "russia", "deescalate")


def test_drafting_a_text_is_a_deed_but_the_draft_is_a_thing(analyzer: Analyzer) -> None:
    claim = _one(analyzer, "The text, drafted by Ukraine, urges Moscow to name envoys")
    assert (claim.kind, claim.party, claim.direction) == ("action", "ukraine", "deescalate")
    assert _one(analyzer, "Peskov said the draft was nearly done").direction == "neutral"


def test_an_order_for_others_to_act_is_a_step_to_come(analyzer: Analyzer) -> None:
    claim = _one(analyzer, "Zelensky has signed orders for his gunners to withdraw from the ridge")
    assert (claim.kind, claim.party, claim.direction) == ("statement", "ukraine", "deescalate")


def test_a_reporting_word_inside_a_partys_name_is_not_the_verb() -> None:
    config = Config(
        talks=Talks("Norland–Sudmark talks"),
        parties=(
            Party("norland", "Norland", ("Norland", "State Council")),
            Party("sudmark", "Sudmark", ("Sudmark",)),
        ),
        issues=(Issue("blockade", "Blockade", ("blockade",)),),
    )
    claims = _claims(Analyzer(config), "The State Council said any settlement would depend on Sudmark ending its blockade.")
    assert [(c.kind, c.party, c.speaker, c.direction) for c in claims] == [("statement", "norland", "norland", "neutral")]


def test_and_with_a_negated_verb_is_a_second_claim_of_the_same_subject(analyzer: Analyzer) -> None:
    claims = _claims(analyzer, "Moscow says its missiles hit an air base and had nothing to do with the oil depot fire")
    assert claims[-1].text.startswith("and had nothing to do")
    assert _shape(claims[-1]) == ("statement", "russia", "russia", "deescalate")


def test_never_letting_another_side_do_something_is_a_hardening() -> None:
    claim = _one(Analyzer(_iran()), "Tehran will never let US inspectors enter its mountain sites")
    assert (claim.kind, claim.party, claim.direction) == ("statement", "iran", "escalate")


def test_a_deed_that_casts_doubt_is_the_speakers_verdict(analyzer: Analyzer) -> None:
    claim = _one(analyzer, "Kirby: overnight shelling near Kyiv 'casts real doubt' on Moscow's pledge")
    assert _shape(claim) == ("statement", "us", "us", "neutral")


def test_a_party_named_by_a_list_with_commas_speaks_as_one() -> None:
    config = Config(
        talks=Talks("Arland blockade talks"),
        parties=(
            Party("trio", "Three mediators", ("Norway, Sweden and Finland",)),
            Party("arland", "Arland", ("Arland", "Arlandic")),
        ),
        issues=(Issue("blockade", "Blockade", ("blockade",)),),
    )
    claims = _claims(Analyzer(config), "Norway, Sweden and Finland said the Arlandic blockade was unacceptable.")
    assert [_shape(c) for c in claims] == [("statement", "trio", "trio", "neutral")]


def test_a_negated_deed_with_no_doer_told_by_he_said_is_the_speakers_denial(analyzer: Analyzer) -> None:
    claims = _claims(analyzer, "Medinsky: Russia is keeping its word near Kyiv",
                     "The negotiator said there had been no attacks on Chernihiv since Tuesday.")
    assert _shape(claims[-1]) == ("statement", "russia", "russia", "deescalate")


def test_preparations_going_ahead_are_the_speakers_own_deed(analyzer: Analyzer) -> None:
    claim = _one(analyzer, "Zelensky said preparations were going ahead for the talks despite the shelling.")
    assert _shape(claim) == ("action", "ukraine", "ukraine", "deescalate")


def test_the_pact_a_subject_is_party_to_is_not_the_step(analyzer: Analyzer) -> None:
    claim = _one(analyzer, "Kremlin says the parties to the 2019 truce have agreed to meet in Minsk")
    assert _shape(claim) == ("statement", "russia", "russia", "neutral")


@pytest.mark.parametrize(
    "title", ["Kyiv says it is willing to host the next round", "Peskov promised to host the next round in Moscow"]
)
def test_a_pledge_whose_complement_names_no_step_keeps_its_own_way(analyzer: Analyzer, title: str) -> None:
    claim = _one(analyzer, title)
    assert (claim.kind, claim.direction) == ("statement", "deescalate")


def test_refusing_a_one_sided_step_is_a_condition_not_a_refusal(analyzer: Analyzer) -> None:
    claim = _one(analyzer, "Medinsky: Russia will not pull back unilaterally from Chernihiv")
    assert _shape(claim) == ("statement", "russia", "russia", "neutral")
    claim = _one(analyzer, "Medinsky: Russia will make a unilateral pullback from Chernihiv")
    assert claim.direction == "deescalate"


def test_a_call_reported_as_made_is_the_callers_neutral_deed(analyzer: Analyzer) -> None:
    claim = _one(analyzer, "Peskov spoke by telephone with Zelensky's chief of staff on Friday")
    assert (claim.kind, claim.party, claim.direction) == ("action", "russia", "neutral")
    claim = _one(analyzer, "Medinsky phoned Kyiv's negotiator to discuss a withdrawal")
    assert (claim.kind, claim.party, claim.direction) == ("action", "russia", "neutral")
    claim = _one(analyzer, "Medinsky will speak by phone with Kyiv's negotiator next week")
    assert (claim.kind, claim.direction) == ("statement", "neutral")  # a call to come is a plan


def test_advanced_as_a_stage_is_a_verdict_not_an_advance(analyzer: Analyzer) -> None:
    claim = _one(analyzer, "Kyiv's envoy said the text was far advanced, enough to put before the presidents")
    assert (claim.kind, claim.party, claim.direction) == ("statement", "ukraine", "neutral")
    claim = _one(analyzer, "A Ukrainian negotiator said the treaty was advanced enough for a summit")
    assert (claim.kind, claim.party, claim.direction) == ("statement", "ukraine", "neutral")


def test_an_including_phrase_is_background_not_the_main_event(analyzer: Analyzer) -> None:
    claim = _one(analyzer, "Zelensky said several issues, including a pullback from the border, were reviewed at length.")
    assert (claim.kind, claim.party, claim.direction) == ("statement", "ukraine", "neutral")


def test_brushing_aside_an_offer_is_a_refusal(analyzer: Analyzer) -> None:
    claim = _one(analyzer, "Moscow brushed aside Ukraine's proposal for a neutral status")
    assert (claim.kind, claim.party, claim.direction) == ("statement", "russia", "escalate")
    claim = _one(analyzer, "Peskov said the matter was closed, waving away Kyiv's offer of new talks.")
    assert (claim.kind, claim.party, claim.direction) == ("statement", "russia", "escalate")


def test_calling_ones_moves_by_a_name_reports_them_but_calling_for_a_step_is_an_appeal(analyzer: Analyzer) -> None:
    claim = _one(analyzer, "Kremlin calls its troop moves near the border a 'rotation'")
    assert (claim.kind, claim.party, claim.direction) == ("action", "russia", "neutral")
    claim = _one(analyzer, "Kyiv calls for a pullback from Chernihiv")
    assert (claim.kind, claim.party, claim.direction) == ("statement", "ukraine", "neutral")  # a call on others


def test_holding_ground_is_a_neutral_deed(analyzer: Analyzer) -> None:
    claim = _one(analyzer, "Ukrainian units again control the road north of Chernihiv, officials say")
    assert (claim.kind, claim.party, claim.direction) == ("action", "ukraine", "neutral")


def test_sees_reports_an_assessment_and_a_share_of_a_partys_units_is_that_party(analyzer: Analyzer) -> None:
    claim = _one(analyzer, "The Pentagon sees Russian units regrouping north of Chernihiv")
    assert (claim.kind, claim.party, claim.speaker) == ("action", "russia", "us")
    claim = _one(analyzer, "Kirby said most of the Russian battalions had moved north overnight.")
    assert (claim.kind, claim.party, claim.speaker) == ("action", "russia", "us")
    claim = _one(analyzer, "The Pentagon sees a third of Russian units pulling back")
    assert (claim.kind, claim.party, claim.direction) == ("action", "russia", "deescalate")


def test_a_quoted_word_of_force_keeps_its_sense_a_quoted_step_is_doubted(analyzer: Analyzer) -> None:
    claim = _one(analyzer, "Medinsky said Russian units would next turn to the 'liberation' of the south.")
    assert (claim.kind, claim.party, claim.direction) == ("statement", "russia", "escalate")
    claim = _one(analyzer, "Zelensky vows to liberate every occupied town")
    assert (claim.kind, claim.party, claim.direction) == ("statement", "ukraine", "escalate")
    claim = _one(analyzer, "Kyiv: Russian 'withdrawal' near Chernihiv is a regrouping")
    assert (claim.party, claim.direction) == ("russia", "escalate")  # the doubted step, as before


def test_a_meeting_reported_as_held_is_a_neutral_deed_of_those_who_met(analyzer: Analyzer) -> None:
    claims = _claims(analyzer, "Medinsky and Zelensky met at a hotel outside the capital")
    assert sorted((c.kind, c.party, c.direction) for c in claims) == [
        ("action", "russia", "neutral"), ("action", "ukraine", "neutral"),
    ]
    claim = _one(analyzer, "Peskov will meet the Ukrainian team next week")
    assert (claim.kind, claim.direction) == ("statement", "neutral")
    claim = _one(analyzer, "Moscow ruled out any meeting with Zelensky")
    assert (claim.kind, claim.party, claim.direction) == ("statement", "russia", "escalate")
    claim = _one(analyzer, "The Kremlin said the meeting was meant to prepare a pullback from Chernihiv.")
    assert (claim.kind, claim.party, claim.direction) == ("statement", "russia", "deescalate")  # its purpose


def test_leaving_a_pact_escalates_leaving_a_place_does_not(analyzer: Analyzer) -> None:
    claim = _one(analyzer, "Moscow pulls out of the neutrality agreement")
    assert (claim.kind, claim.party, claim.direction) == ("action", "russia", "escalate")
    claim = _one(analyzer, "Russian units pull out of Chernihiv")
    assert (claim.kind, claim.party, claim.direction) == ("action", "russia", "deescalate")


def test_a_proposal_only_handed_on_is_the_handlers_neutral_word_not_the_proposers_step(analyzer: Analyzer) -> None:
    claim = _one(analyzer, "Peskov said Ukraine's new proposals would be sent on to the president.")
    assert (claim.kind, claim.party, claim.direction) == ("statement", "russia", "neutral")
    claim = _one(analyzer, "Peskov said Ukraine's truce was extended by a day.")
    assert claim.direction == "deescalate"  # a pact's fate is the pact's news


def test_settling_a_dispute_deescalates_but_settling_the_question_closes_it(analyzer: Analyzer) -> None:
    claim = _one(analyzer, "Zelensky said the border dispute would be settled through talks.")
    assert (claim.kind, claim.party, claim.direction) == ("statement", "ukraine", "deescalate")
    claim = _one(analyzer, "Peskov said the referendum had settled the matter, dismissing Kyiv's offer.")
    assert (claim.kind, claim.party, claim.direction) == ("statement", "russia", "escalate")


def test_a_release_with_no_doer_is_by_the_side_none_of_the_freed_belong_to(analyzer: Analyzer) -> None:
    claims = _claims(analyzer, "US teacher among nine captives freed in the night",
                     "A Ukrainian pilot was freed later on, a move the Kremlin linked to the talks.")
    assert [(c.kind, c.party, c.direction) for c in claims] == [("action", "russia", "deescalate")] * 2


def test_people_who_died_in_an_attack_are_the_attackers_deed(analyzer: Analyzer) -> None:
    claims = _claims(analyzer, "Russian shelling hits farming village", "Two farmers died when their barn was hit at dawn, the mayor said.")
    assert [(c.kind, c.party, c.direction) for c in claims] == [("action", "russia", "escalate")] * 2


def test_verified_that_introduces_the_deed_it_reports(analyzer: Analyzer) -> None:
    claims = _claims(analyzer, "Kirby confirms Russia has begun a withdrawal from Chernihiv",
                     "Satellite analysts verified that artillery withdrawn from the front had been parked at a depot.")
    assert [(c.kind, c.party, c.direction) for c in claims] == [("action", "russia", "deescalate")] * 2


def test_a_so_called_step_is_no_subject_so_the_deed_takes_the_items_doer(analyzer: Analyzer) -> None:
    claims = _claims(analyzer, "Kyiv: 'so-called withdrawal' from Chernihiv is a regrouping",
                     "Officials said Russian forces were still shelling the city.")
    assert [(c.kind, c.party, c.direction) for c in claims] == [("action", "russia", "escalate")] * 2


def test_a_side_named_by_its_role_in_a_deed_is_the_side_the_item_is_about(analyzer: Analyzer) -> None:
    claims = _claims(analyzer, "Russian forces shell Chernihiv outskirts", "Video showed the commander ordering fire on a bridge.")
    assert [(c.kind, c.party, c.direction) for c in claims] == [("action", "russia", "escalate")] * 2


def test_an_attack_with_no_doer_is_by_the_side_that_is_neither_where_it_fell_nor_who_reports_it(analyzer: Analyzer) -> None:
    claim = _one(analyzer, "Sirens sound across Kyiv region at night", "Shelling of two suburbs was reported a day after Moscow pledged restraint.")
    assert (claim.kind, claim.party, claim.direction) == ("action", "russia", "escalate")
    quiet = _claims(analyzer, "Blast at Kharkiv rally kills two", "Ukraine's security service said the bombers had trained in Russia.")
    assert all(c.kind == "statement" for c in quiet)


def test_a_release_with_no_doer_takes_the_side_telling_of_its_own_release(analyzer: Analyzer) -> None:
    claims = _claims(analyzer, "Forty detainees and nine pilots freed at dawn",
                     "The other side handed over six Ukrainians. Kyiv's justice ministry said the detainees were released at a crossing.")
    assert [(c.kind, c.party, c.direction, c.text[:5]) for c in claims] == [
        ("action", "ukraine", "deescalate", "Forty"), ("action", "ukraine", "deescalate", "Kyiv'"),
    ]


def test_a_deed_by_either_side_told_by_the_monitors_is_both_sides_deed(analyzer: Analyzer) -> None:
    claims = _claims(analyzer, "Pentagon: shelling near Kharkiv has stopped",
                     "The monitors said they had seen no attack by either side since Moscow and Kyiv agreed a pause.")
    assert sorted((c.kind, c.party, c.speaker, c.direction) for c in claims if c.text.startswith("The monitors")) == [
        ("action", "russia", "us", "deescalate"), ("action", "ukraine", "us", "deescalate"),
    ]


def test_a_neutral_report_naming_no_one_goes_on_with_the_last_speakers_account(analyzer: Analyzer) -> None:
    claims = _claims(analyzer, "Zelensky says talks with Russia will resume in Istanbul", "The two teams are due to meet again on Monday.")
    assert (claims[-1].kind, claims[-1].party, claims[-1].direction) == ("statement", "ukraine", "neutral")
    assert claims[-1].text.startswith("The two teams")


def test_but_no_party_deed_is_a_denied_deed_of_that_party(analyzer: Analyzer) -> None:
    claims = _claims(analyzer, "Kyiv reported shelling in two villages but no large Russian assaults since the truce began")
    assert claims[-1].text.startswith("but no large Russian assaults")
    assert (claims[-1].kind, claims[-1].party, claims[-1].direction) == ("action", "russia", "deescalate")


def test_in_return_is_an_idiom_not_a_return(analyzer: Analyzer) -> None:
    claim = _one(analyzer, "In return, 40 Ukrainian soldiers held in Russian camps are to be freed, and more aid will follow")
    assert (claim.kind, claim.party, claim.direction) == ("statement", "russia", "deescalate")


def test_would_welcome_a_step_is_an_offer_not_a_reaction(analyzer: Analyzer) -> None:
    claim = _one(analyzer, "Zelensky said Ukraine would welcome a longer pause if Russian shelling stopped")
    assert _shape(claim) == ("statement", "ukraine", "ukraine", "deescalate")


def test_an_announced_deed_of_force_is_a_deed_not_a_plan(analyzer: Analyzer) -> None:
    claim = _one(analyzer, "The Kremlin announced the fall of the river port in an evening broadcast")
    assert _shape(claim) == ("action", "russia", "russia", "escalate")


def test_a_party_beside_the_speaker_in_an_apposition_is_not_the_speaker(analyzer: Analyzer) -> None:
    claims = _claims(
        analyzer, "Pentagon: US will not rush any pullback",
        "The defence secretary, standing beside President Volodymyr Zelensky, said any pullback would be conditions-based.",
    )
    assert [(c.party, c.speaker) for c in claims] == [("us", "us"), ("us", "us")]
    assert _one(analyzer, "A spokesman for the Kremlin said the talks were useful").speaker == "russia"


def test_more_time_needed_is_a_neutral_verdict_not_the_step_it_delays(analyzer: Analyzer) -> None:
    claim = _one(analyzer, "Kyiv said more time was needed to check the names, on the morning the captives were due to go free")
    assert _shape(claim) == ("statement", "ukraine", "ukraine", "neutral")


def test_a_right_to_defend_after_a_pledge_is_a_restated_position(analyzer: Analyzer) -> None:
    claim = _one(analyzer, "'We are committed to the truce, but we keep the right to defend our villages,' Zelensky said")
    assert _shape(claim) == ("statement", "ukraine", "ukraine", "neutral")


def test_a_meeting_meant_to_agree_a_step_takes_the_steps_direction(analyzer: Analyzer) -> None:
    claim = _one(analyzer, "Kyiv said the meeting was meant to agree a local ceasefire")
    assert _shape(claim) == ("statement", "ukraine", "ukraine", "deescalate")
    assert _one(analyzer, "Kyiv said the meeting discussed a local ceasefire").direction == "neutral"


def test_a_step_that_would_not_mean_the_end_of_a_campaign_is_about_the_campaign(analyzer: Analyzer) -> None:
    claim = _one(analyzer, "Peskov said a withdrawal would not mean the end of the military operation")
    assert _shape(claim) == ("statement", "russia", "russia", "escalate")
    assert claim.issues == ()  # the withdrawal is the topic, not the claim: no pair with a later pullback
    assert _one(analyzer, "Kyiv vowed to end the war by diplomatic means").direction == "deescalate"


def test_insisting_that_fighting_goes_on_is_the_speakers_assessment(analyzer: Analyzer) -> None:
    claim = _one(analyzer, "Ukrainian officials insisted the battle for the bridge was still continuing")
    assert _shape(claim) == ("statement", "ukraine", "ukraine", "neutral")
    assert _shape(_one(analyzer, "Moscow insisted its units were pulling back")) == ("action", "russia", "russia", "deescalate")


def test_and_with_a_negated_auxiliary_opens_a_second_predicate_of_the_same_speaker(analyzer: Analyzer) -> None:
    claims = _claims(analyzer, "The Kremlin said its missiles hit a fuel depot and had nothing to do with the talks")
    assert [(c.kind, c.party, c.direction) for c in claims] == [("action", "russia", "escalate"), ("statement", "russia", "deescalate")]
    assert claims[-1].text == "and had nothing to do with the talks"


def test_not_changing_a_position_is_a_neutral_statement_of_it(analyzer: Analyzer) -> None:
    claims = _claims(analyzer, "Kyiv said the pause was humanitarian and did not change its aim of restoring the old border")
    assert claims[-1].text.startswith("and did not change its aim")
    assert _shape(claims[-1]) == ("statement", "ukraine", "ukraine", "neutral")


def test_a_guess_about_a_deal_is_not_the_deals_own_words(analyzer: Analyzer) -> None:
    claims = _claims(analyzer, "Russia-Ukraine deal could see Russian pullback from Chernihiv")
    assert claims and {(c.kind, c.speaker, c.direction) for c in claims} == {("statement", None, "deescalate")}


def test_a_deed_that_could_happen_is_a_prospect_not_a_deed_done(analyzer: Analyzer) -> None:
    assert _shape(_one(analyzer, "Russian troops could leave the Kyiv region within weeks")) == (
        "statement", "russia", None, "deescalate",
    )
    claims = _claims(analyzer, "Russian delegation raises the possibility of a Putin-Zelensky meeting")
    assert {c.kind for c in claims} == {"statement"}


def test_leaving_a_pact_needs_the_pact_as_its_object(analyzer: Analyzer) -> None:
    assert _one(analyzer, "Russia pulls out of the withdrawal deal").direction == "escalate"
    claims = _claims(analyzer, "Russian units could leave Chernihiv within a month Ukraine agree to talks")
    assert all(c.direction != "escalate" for c in claims), claims


def test_not_necessary_is_a_verdict(analyzer: Analyzer) -> None:
    claim = _one(analyzer, "Peskov: a Putin-Zelensky meeting not necessary yet")
    assert (claim.kind, claim.party, claim.direction) == ("statement", "russia", "neutral")


def test_everyday_deeds_and_verdicts_of_importance(analyzer: Analyzer) -> None:
    # "restores power": a supply given back; "Z was central to W": a verdict on what matters,
    # not the step itself. ("rounded up" is not a deed word: "daily round-up" reads the same.)
    assert _shape(_one(analyzer, "Kyiv restores power to the eastern districts")) == ("action", "ukraine", None, "deescalate")
    assert _shape(_one(analyzer, "John Kirby said a pullback from the capital was central to the talks")) == (
        "statement", "us", "us", "neutral",
    )


def test_dismissing_reports_denies_them_and_dismissing_an_offer_refuses_it(analyzer: Analyzer) -> None:
    # "X dismissed the reports as lies": "reports" after "the" is a noun, not "X reports ...";
    # dismissing turns what it dismisses, like a denial
    assert _shape(_one(analyzer, "Russia's defence ministry dismissed the reports as inventions")) == (
        "statement", "russia", None, "deescalate",
    )
    assert _one(analyzer, "Moscow dismissed the Ukrainian proposal").direction == "escalate"


def test_pressing_an_offensive_is_force_not_a_call(analyzer: Analyzer) -> None:
    # "X accuses Y of pressing the offensive": pushing a deed of force on, not pressing for talks
    assert _shape(_one(analyzer, "Kyiv accuses Russian units of pressing the offensive near the river")) == (
        "action", "russia", "ukraine", "escalate",
    )


def test_agreed_is_the_agreeing_and_the_agreed_thing_is_no_word(analyzer: Analyzer) -> None:
    # "X agreed that ...": "agreed" keys like "agree" (not cut twice to "agr");
    # "Y ignored the agreed timetable": after a determiner the participle is an adjective
    assert _shape(_one(analyzer, "Kyiv agreed that the prisoners would be released")) == (
        "statement", "ukraine", None, "deescalate",
    )
    assert _shape(_one(analyzer, "Moscow said Kyiv had ignored the agreed timetable")) == (
        "action", "ukraine", "russia", "escalate",
    )


def test_the_government_alone_is_the_one_side_with_a_government_alias() -> None:
    # "The government said its forces had taken X": the side whose alias ends in "government",
    # when only one does; "the Valdan government" stays Valdan's
    analyzer = Analyzer(Config(
        talks=Talks("Norland talks"),
        parties=(
            Party("norland", "Norland", ("Norland", "Norland government", "central government")),
            Party("front", "Eastern Front", ("Eastern Front", "Front fighters")),
            Party("valda", "Valda", ("Valda", "Valdan")),
        ),
        issues=(Issue("airport", "Airport", ("airport",)),),
    ))
    assert _shape(_one(analyzer, "The government said its forces had taken the airport.")) == (
        "action", "norland", "norland", "escalate",
    )
    reading = analyzer.read(Item("x", "The Valdan government said Front fighters had taken the airport."))
    assert set(reading.parties) == {"valda", "front"}


def test_a_step_that_only_holds_if_is_a_condition(analyzer: Analyzer) -> None:
    # "X said the truce would only last if Y pulled back": a condition on the step, neutral
    claim = _one(analyzer, "Zelensky said the truce would only last if the shelling of the ports was halted")
    assert _shape(claim) == ("statement", "ukraine", "ukraine", "neutral")


def test_a_third_party_saying_unnamed_others_should_act_makes_a_call(analyzer: Analyzer) -> None:
    # "X said all foreign fighters should leave": a call on others, not X's own step (neutral)
    claim = _one(analyzer, "John Kirby said all foreign fighters should leave the region")
    assert _shape(claim) == ("statement", "us", "us", "neutral")


def test_meeting_to_plan_is_a_meeting_held_not_a_plan(analyzer: Analyzer) -> None:
    # "X and Y meet in Z to plan W": the purpose after a deed does not make it intent
    claims = _claims(analyzer, "Russian and Ukrainian officers meet in Gomel to plan the prisoner lists")
    assert claims and {(c.kind, c.direction) for c in claims} == {("action", "neutral")}


def test_a_person_who_signed_for_a_side_is_the_signer_not_the_signed(analyzer: Analyzer) -> None:
    # "X signed for the government": a document is signed, never a side; no headline passive
    claims = _claims(analyzer, "Medinsky signed for the Russian side in Istanbul")
    assert [(c.kind, c.party, c.direction) for c in claims] == [("action", "russia", "deescalate")]


def test_in_places_is_no_verdict(analyzer: Analyzer) -> None:
    # "X said Y's units, in places backed by armour, had shelled Z": "in places" is not "in place"
    claim = _one(analyzer, "Kyiv said Russian units, in places backed by armour, had shelled the bridge")
    assert _shape(claim) == ("action", "russia", "ukraine", "escalate")


def test_a_list_of_names_with_commas_is_one_subject(analyzer: Analyzer) -> None:
    # "X's chief, General Y, and Z are discussing W": no clause before ", and", so no cut
    claims = _claims(analyzer, "Russia's chief negotiator, Vladimir Medinsky, and Ukrainian envoys are discussing a corridor")
    assert {c.party for c in claims} == {"russia", "ukraine"}
    assert {c.text for c in claims} == {"Russia's chief negotiator, Vladimir Medinsky, and Ukrainian envoys are discussing a corridor"}


def test_opening_talks_is_talks_held_a_neutral_deed(analyzer: Analyzer) -> None:
    # "X and Y open Z-hosted peace talks", "X opens talks": a meeting held (neutral action),
    # neither the opening of a road nor a concession; "Russian forces open ..." stays a mention
    claims = _claims(analyzer, "Russian forces and Ukrainian commanders open Turkish-hosted peace talks")
    assert {(c.kind, c.party, c.direction) for c in claims} == {("action", "russia", "neutral"), ("action", "ukraine", "neutral")}
    assert _shape(_one(analyzer, "John Kirby opens talks at a hotel near Geneva")) == ("action", "us", None, "neutral")


def test_a_given_name_alone_names_the_person_who_goes_by_it() -> None:
    # "Tesfay says ...": some people are called by their given name; "Tesfay Kidane" is someone else
    analyzer = Analyzer(Config(
        talks=Talks("Norland talks"),
        parties=(
            Party("norland", "Norland", ("Norland",), ("Tesfay Berhe",)),
            Party("front", "Eastern Front", ("Eastern Front",), ("Mulu Gebre",)),
        ),
        issues=(Issue("truce", "Truce", ("truce",)),),
    ))
    assert _shape(_one(analyzer, "Tesfay says the truce will be observed")) == ("statement", "norland", "norland", "deescalate")
    assert analyzer.read(Item("x", "Tesfay Kidane, a farmer, says the truce will be observed")).parties == ()
    assert analyzer.read(Item("x", "Prime Minister Tesfay said the truce would hold")).parties == ("norland",)


def test_blowing_up_and_demolishing_are_deeds_of_force(analyzer: Analyzer) -> None:
    claim = _one(analyzer, "Kyiv said Russian sappers had blown up two bridges near the front")
    assert _shape(claim) == ("action", "russia", "ukraine", "escalate")
    assert _one(analyzer, "Russian units demolished a school in the buffer zone").direction == "escalate"


def test_a_complaint_is_a_neutral_reaction_not_the_deed_complained_of(analyzer: Analyzer) -> None:
    claim = _claims(analyzer, "Ukraine complains to the joint commission over Russian shelling")[0]
    assert _shape(claim) == ("statement", "ukraine", None, "neutral")


def test_a_response_to_any_attack_is_a_deterrent_but_a_forceful_response_a_threat(analyzer: Analyzer) -> None:
    claim = _one(analyzer, "Kyiv said Ukraine would hit back hard at any incursion by Russian units")
    assert _shape(claim) == ("statement", "ukraine", "ukraine", "neutral")
    assert _shape(_one(analyzer, "Zelensky said Ukraine would respond decisively")) == ("statement", "ukraine", "ukraine", "escalate")
    assert _one(analyzer, "Zelensky said Ukraine would respond decisively to any violation").direction == "neutral"
    assert _one(analyzer, "Moscow denied any violation of the truce").direction == "deescalate"


def test_it_or_they_opening_a_deed_is_the_items_last_doer(analyzer: Analyzer) -> None:
    claims = _claims(analyzer, "Russian troops shell Chernihiv suburbs", "They then blew up the last bridge over the river.")
    assert [(c.kind, c.party, c.direction) for c in claims] == [("action", "russia", "escalate")] * 2
    claims = _claims(analyzer, "Ukraine says it struck a Russian depot", "It also imposed a curfew on the border district.")
    assert (claims[-1].kind, claims[-1].party, claims[-1].direction) == ("action", "ukraine", "escalate")


def test_chairing_talks_is_a_neutral_deed_and_troops_in_position_a_neutral_state(analyzer: Analyzer) -> None:
    assert _shape(_one(analyzer, "Kirby chaired the working group with Russian and Ukrainian officers")) == (
        "action", "us", None, "neutral",
    )
    assert _shape(_one(analyzer, "Moscow said its units remained in position north of Kyiv")) == (
        "action", "russia", "russia", "neutral",
    )


def test_parties_naming_a_pacts_sides_are_not_its_doers(analyzer: Analyzer) -> None:
    claim = _one(analyzer, "Kirby says Russia-Ukraine truce will take hold at dawn")
    assert _shape(claim) == ("statement", "us", "us", "deescalate")
    claims = _claims(analyzer, "Kirby says Russia and Ukraine agreed a truce")
    assert {c.party for c in claims} == {"russia", "ukraine"}


def test_agreed_is_the_verb_agree_but_the_agreed_x_is_a_thing(analyzer: Analyzer) -> None:
    assert _shape(_one(analyzer, "Kyiv agreed after a long night of talks")) == ("statement", "ukraine", None, "deescalate")
    claim = _one(analyzer, "Russian units ignored the agreed timetable for the pullback")
    assert (claim.kind, claim.party, claim.direction) == ("action", "russia", "escalate")


def test_telling_civilians_what_to_do_is_a_call_on_others(analyzer: Analyzer) -> None:
    claim = _one(analyzer, "Kyiv told farmers not to return to fields near the front")
    assert _shape(claim) == ("statement", "ukraine", "ukraine", "neutral")
    claim = _one(analyzer, "The Kremlin told its troops not to fire on the convoy")
    assert (claim.party, claim.direction) == ("russia", "deescalate")


def test_an_arrangement_is_a_pact(analyzer: Analyzer) -> None:
    assert _shape(_one(analyzer, "Kirby says Russia-Ukraine arrangement on the dam extended by a month")) == (
        "statement", "us", "us", "deescalate",
    )
    assert _one(analyzer, "Russia pulls out of the arrangement on the dam").direction == "escalate"


def test_a_party_after_by_in_an_aside_is_not_the_subject(analyzer: Analyzer) -> None:
    claim = _one(analyzer, "Kyiv said its brigades, backed by US jets, had entered the town")
    assert (claim.kind, claim.party, claim.direction) == ("action", "ukraine", "neutral")


def test_a_trailing_role_speaker_is_the_side_the_item_is_about(analyzer: Analyzer) -> None:
    claims = _claims(analyzer, "Russian army says it has finished regrouping", "Units were pulling back from the river, the army said.")
    assert (claims[-1].kind, claims[-1].party, claims[-1].direction) == ("action", "russia", "deescalate")


def test_troops_that_deployed_are_the_doers_not_the_deployed(analyzer: Analyzer) -> None:
    claims = _claims(analyzer, "Kirby says Ukrainian brigades deployed in the south overnight")
    assert [(c.kind, c.party) for c in claims] == [("action", "ukraine")]
    assert claims[0].speaker == "us"


def test_after_another_party_did_something_is_that_partys_own_deed(analyzer: Analyzer) -> None:
    claims = _claims(analyzer, "Kyiv said its brigades had entered the town after Russian troops withdrew from it")
    assert [(c.kind, c.party, c.direction) for c in claims] == [
        ("action", "ukraine", "neutral"), ("action", "russia", "deescalate"),
    ]
    claims = _claims(analyzer, "Moscow said it shelled the bridge after repeated Ukrainian attacks")
    assert [(c.kind, c.party, c.direction) for c in claims] == [("action", "russia", "escalate"), ("action", "ukraine", "escalate")]
    assert len(_claims(analyzer, "Russia shells Chernihiv two days after Russia said it would pull back")) == 1


def test_a_deed_after_after_is_its_own_doers(analyzer: Analyzer) -> None:
    # ("over X's deed" is not cut: "fired over Russian war failings", "gas flows over the Ukraine war")
    claims = _claims(analyzer, "Ukrainian units entered the village after Russian troops withdrew")
    assert [(c.party, c.direction) for c in claims] == [("ukraine", "neutral"), ("russia", "deescalate")]


def test_calling_it_a_breach_names_the_items_deed_not_a_deed_of_the_caller(analyzer: Analyzer) -> None:
    claims = _claims(analyzer, "Russian forces shell Chernihiv outskirts", "Ukrainian officials called it another violation of the pledge.")
    assert [(c.kind, c.party, c.direction) for c in claims] == [("action", "russia", "escalate")] * 2
    assert claims[-1].speaker == "ukraine"
    assert _shape(_one(analyzer, "Kirby called it a useful first step")) == ("statement", "us", "us", "neutral")


def test_a_possessive_names_the_doer_of_the_deed_it_owns(analyzer: Analyzer) -> None:
    claim = _one(analyzer, "Kyiv said the damage to the dam was the result of Russia's shelling")
    assert _shape(claim) == ("action", "russia", "ukraine", "escalate")
    assert _shape(_one(analyzer, "Kyiv said it welcomed Russia's proposal")) == ("statement", "ukraine", "ukraine", "neutral")


# -- a fictional river dispute: Tarsia, the Velan rebels and a mediator ---------------------


def _tarsia() -> Config:
    return Config(
        talks=Talks("Tarsia–Velan talks"),
        parties=(
            Party("tarsia", "Tarsian government", ("Tarsian government", "Tarsia", "Tarsian army"), ("Ilse Varn",)),
            Party("velan", "Velan rebels", ("Velan", "rebels", "rebel"), ("Oskar Dunne",)),
            Party("mediator", "Mediator", ("mediator", "mediators"), ("Petra Holm",)),
        ),
        issues=(
            Issue("bridge", "The river bridge", ("bridge", "pullback", "redeployment")),
            Issue("detainees", "Detainee exchange", ("detainees", "swap")),
            Issue("truce", "Kessel truce", ("truce", "Kessel")),
        ),
    )


@pytest.fixture(scope="module")
def tarsia() -> Analyzer:
    return Analyzer(_tarsia())


def test_once_after_a_future_is_a_condition_on_the_step(tarsia: Analyzer) -> None:
    # "X said the town would pass to Y once the rebels left": a position, not the rebels' pullback
    claim = _one(tarsia, "Ilse Varn said the bridge would pass to the river police once the rebels left")
    assert _shape(claim) == ("statement", "tarsia", "tarsia", "neutral")


def test_denied_it_and_said_is_two_predicates_not_a_speakers_name(tarsia: Analyzer) -> None:
    # "X denied it and said Y did Z": X's denial, then X's charge against Y
    claims = _claims(tarsia, "Mortar fire hit the bridge", "The rebels denied it and said Tarsian army units had fired first.")
    assert _shapes(claims)[-2:] == [("statement", "velan", None, "deescalate"), ("action", "tarsia", "velan", "escalate")]


def test_an_agreed_thing_after_the_deed_is_no_intent(tarsia: Analyzer) -> None:
    # "X failed to open agreed aid routes": a deed undone; "agreed" only names the routes
    claim = _one(tarsia, "Mediator says rebels failed to reopen agreed aid routes to the bridge")
    assert _shape(claim) == ("action", "velan", "mediator", "escalate")


def test_an_accusation_of_a_neutral_deed_charges_a_misdeed(tarsia: Analyzer) -> None:
    # "X accused Y of stalling on Z": the charge is a delay, which escalates
    claim = _one(tarsia, "Oskar Dunne accused the Tarsian government of stalling on its side of the redeployment")
    assert _shape(claim) == ("action", "tarsia", "velan", "escalate")


@pytest.mark.parametrize(
    "title, direction",
    [
        ("Petra Holm said the Velan pullback from the east bank of the bridge did not happen on time", "escalate"),
        ("Petra Holm said the Velan pullback from the east bank of the bridge took place on time", "deescalate"),
    ],
)
def test_a_deed_that_did_not_happen_is_a_deed_undone(tarsia: Analyzer, title: str, direction: str) -> None:
    # "X said Y's withdrawal had not happened": the negation of "happen" denies the withdrawal
    assert _shape(_one(tarsia, title)) == ("action", "velan", "mediator", direction)


def test_attending_is_a_contact_taken_up_and_a_delegation_from_x_is_x(tarsia: Analyzer) -> None:
    # "delegations from X and Y are attending": each side's neutral deed, like a meeting held
    claims = _claims(tarsia, "Delegations from Tarsia and the rebels attended the opening session on the river")
    assert sorted(_shapes(claims)) == [("action", "tarsia", None, "neutral"), ("action", "velan", None, "neutral")]


def test_a_good_start_is_a_verdict_not_the_step(tarsia: Analyzer) -> None:
    # "X said the swap agreed this week was a good start": X's assessment of another's step
    claim = _one(tarsia, "Petra Holm said the detainee swap agreed on Monday was a good start")
    assert _shape(claim) == ("statement", "mediator", "mediator", "neutral")


def test_a_headlines_bare_sides_are_the_two_sides(tarsia: Analyzer) -> None:
    # "Sides hand over lists of prisoners": both sides' deed, as "both sides hand over"
    claims = _claims(tarsia, "Sides hand over lists of 300 detainees", "Tarsia and the rebels confirmed the numbers.")
    assert sorted(_shapes(claims))[:2] == [("action", "tarsia", None, "deescalate"), ("action", "velan", None, "deescalate")]


@pytest.mark.parametrize(
    "title, direction",
    [
        ("Velan rebels begin handing the bridge to river police", "deescalate"),
        ("On the other hand, the rebels shelled the bridge", "escalate"),
    ],
)
def test_handing_something_to_someone_is_a_handover(tarsia: Analyzer, title: str, direction: str) -> None:
    # "X begins handing the port to Y": a handover under way; "on the other hand" is no handing
    assert _shape(_one(tarsia, title)) == ("action", "velan", None, direction)
    assert _one(tarsia, "The rebels say the bridge changed hands twice").direction != "deescalate"
    assert _one(tarsia, "The bridge is in the hands of the rebels, Tarsia says").direction != "deescalate"


def test_watching_anothers_step_is_a_neutral_deed(tarsia: Analyzer) -> None:
    # "monitors watched the handover": observing others' steps is neither side's step
    claim = _one(tarsia, "Petra Holm watched part of the rebel pullback from the bridge")
    assert _shape(claim) == ("action", "mediator", None, "neutral")


def test_they_opening_a_sentence_are_the_last_clauses_actors(tarsia: Analyzer) -> None:
    # "X said both sides agreed to A. They also agreed to B.": B is the same sides' pledge
    claims = _claims(
        tarsia, "Tarsia and the rebels hold talks at the bridge",
        "Petra Holm said both sides agreed to swap detainees. They also agreed to reopen the bridge to traffic.",
    )
    last = [c for c in claims if c.text.startswith("They")]
    assert sorted(_shapes(last)) == [("statement", "tarsia", None, "deescalate"), ("statement", "velan", None, "deescalate")]


def test_agreed_is_the_verb_agree_but_the_agreed_thing_is_no_agreement(tarsia: Analyzer) -> None:
    # "X and Y agreed that aid would be allowed in": their pledge; "ignored the agreed order": a deed against it
    claims = _claims(tarsia, "Ilse Varn and Oskar Dunne agreed that detainees would be freed within a week")
    assert sorted(_shapes(claims)) == [("statement", "tarsia", None, "deescalate"), ("statement", "velan", None, "deescalate")]
    claim = _one(tarsia, "Petra Holm said the rebels had ignored the agreed order of the pullback")
    assert _shape(claim) == ("action", "velan", "mediator", "escalate")


def test_behind_schedule_is_a_verdict_on_the_step(tarsia: Analyzer) -> None:
    # "the envoy tells X the pullback is behind schedule": an assessment, not the pullback
    claim = _one(tarsia, "Petra Holm says the bridge pullback is behind schedule")
    assert _shape(claim) == ("statement", "mediator", "mediator", "neutral")


def test_a_sides_own_claim_to_keep_the_truce_is_a_statement_of_restraint(tarsia: Analyzer) -> None:
    # "A X spokesman said the group was observing the truce": X's claim of restraint, like a denial
    # ("the group" is the side the item is about). Told by another, keeping the truce stays a deed.
    claims = _claims(tarsia, "Rebels pull back from the bridge", "A Velan spokesman said the group was observing the truce.")
    assert _shape(claims[-1]) == ("statement", "velan", "velan", "deescalate")
    assert _shape(_one(tarsia, "Petra Holm said the rebels were observing the truce")) == (
        "action", "velan", "mediator", "deescalate",
    )


def test_an_obligation_on_a_thing_is_the_speakers_demand(tarsia: Analyzer) -> None:
    # "X said the city had to return to government control": X's position, not a step of X's
    claim = _one(tarsia, "Ilse Varn said the bridge had to return to state control")
    assert _shape(claim) == ("statement", "tarsia", "tarsia", "neutral")


@pytest.mark.parametrize(
    "title, shape",
    [
        ("Petra Holm opens mediated peace talks at the bridge", ("action", "mediator", None, "neutral")),
        ("Petra Holm chaired the talks on the bridge", ("action", "mediator", None, "neutral")),
        ("Velan rebels opened fire near the talks venue", ("action", "velan", None, "escalate")),
    ],
)
def test_opening_or_chairing_talks_is_a_meeting_held(tarsia: Analyzer, title: str, shape: tuple[str, ...]) -> None:
    # "X opens peace talks": a meeting held, a neutral deed; "opened fire" stays an attack
    assert _shape(_one(tarsia, title)) == shape


def test_a_step_that_could_take_place_is_a_prospect(tarsia: Analyzer) -> None:
    # "X said the swap could take place in January": X's word on a step to come, not a deed done
    claim = _one(tarsia, "Oskar Dunne said the swap could take place next month")
    assert _shape(claim) == ("statement", "velan", "velan", "deescalate")


def test_a_named_keyword_before_another_issues_word_only_says_where(tarsia: Analyzer) -> None:
    # "Hodeidah pullback": the town names where the pullback is, not the town's truce
    assert tarsia.read(Item("x", "Velan rebels complete Kessel pullback")).issues == ("bridge",)
    assert set(tarsia.read(Item("x", "Velan rebels break Kessel truce")).issues) == {"truce"}


def test_the_head_of_a_sides_alias_alone_names_that_side(tarsia: Analyzer) -> None:
    # "Tarsian government" is the side: "the government said ..." is it; "government positions" only implies it
    claim = _one(tarsia, "The government said its troops had pulled back from the bridge")
    assert _shape(claim) == ("action", "tarsia", "tarsia", "deescalate")
    assert tarsia.read(Item("x", "Velan rebels fired on government positions near the bridge")).parties == ("velan",)


def test_a_joint_committee_is_the_sides_cooperating(tarsia: Analyzer) -> None:
    # "A joint committee will also be set up on X": a step of both sides together, to come
    claims = _claims(tarsia, "Tarsia and the rebels agree a truce", "A joint committee will also be set up on the bridge.")
    last = [c for c in claims if c.text.startswith("A joint")]
    assert sorted(_shapes(last)) == [("statement", "tarsia", None, "deescalate"), ("statement", "velan", None, "deescalate")]


def test_doers_named_after_a_copula_are_the_actors(tarsia: Analyzer) -> None:
    # "X said the units taking over were Y fighters": Y's deed, named as what the doers are
    claim = _one(tarsia, "Petra Holm said the units seizing the bridge were Velan fighters in new uniforms")
    assert _shape(claim) == ("action", "velan", "mediator", "escalate")


def test_no_real_step_has_no_doer_of_its_own(tarsia: Analyzer) -> None:
    # "X said no real withdrawal had taken place": the undone pullback is the side's the item is about
    claims = _claims(
        tarsia, "Petra Holm said the units seizing the bridge were Velan fighters",
        "A Tarsian official said no real pullback had taken place.",
    )
    assert _shape(claims[-1]) == ("action", "velan", "tarsia", "escalate")


def test_the_dead_named_after_a_copula_are_not_the_doers(tarsia: Analyzer) -> None:
    # "those killed were X soldiers": X's people are the dead, not the killers
    claims = _claims(tarsia, "Petra Holm said those killed at the bridge were Tarsian army conscripts")
    assert all(c.party != "tarsia" or c.kind == "statement" for c in claims), claims


def test_a_month_named_may_is_no_hedge(tarsia: Analyzer) -> None:
    # "X said Y's units on May 3 shelled Z": a date, not "may" the guess
    claim = _one(tarsia, "Oskar Dunne said Tarsian army units on May 3 shelled the bridge")
    assert _shape(claim) == ("action", "tarsia", "velan", "escalate")


@pytest.mark.parametrize(
    "title",
    ["The Tarsian army handed over a wounded Velan fighter at the bridge", "Velan fighters handed over to the Tarsian army at the bridge"],
)
def test_a_phrasal_verb_with_an_object_is_no_passive(tarsia: Analyzer, title: str) -> None:
    # "X handed over a Y soldier": X's deed; "Y soldiers handed over to X": a passive, by X
    assert _shape(_one(tarsia, title)) == ("action", "tarsia", None, "deescalate")


def test_the_two_before_a_verb_are_the_sides(tarsia: Analyzer) -> None:
    # "The two agreed to ...": the sides, unnamed ("the two soldiers" would be no group)
    claims = _claims(tarsia, "Tarsia and Velan rebels trade fire at the bridge", "The two agreed to pull back from the bridge at dawn.")
    assert sorted(_shapes(claims[2:])) == [("statement", "tarsia", None, "deescalate"), ("statement", "velan", None, "deescalate")]


def test_the_two_said_by_one_of_them_are_the_pair_just_named(tarsia: Analyzer) -> None:
    # "X's commander phoned his Y counterpart. The two agreed ..., she said": both, though one of them speaks
    claims = _claims(
        tarsia, "Talks at the bridge",
        "Ilse Varn said a Velan commander phoned her Tarsian army counterpart at noon. The two agreed to pull back from the bridge, she said.",
    )
    assert sorted(c.party for c in claims if c.text.startswith("The two")) == ["tarsia", "velan"]


@pytest.mark.parametrize("title", ["Tarsian army says its shelling to stop at midnight", "Rebel attacks to end at dawn, Oskar Dunne says"])
def test_a_deed_to_stop_is_a_step_to_come(tarsia: Analyzer, title: str) -> None:
    # "X says strikes to stop from 5pm": the force stops, a step announced (but "a deal to end the war" stays a deal)
    claim = _one(tarsia, title)
    assert (claim.kind, claim.direction) == ("statement", "deescalate")


@pytest.mark.parametrize(
    "title, direction",
    [("Velan rebels say they remain committed to the truce", "deescalate"), ("Tarsia remains committed to talks on the bridge", "neutral")],
)
def test_remaining_committed_takes_the_way_of_what_one_is_committed_to(tarsia: Analyzer, title: str, direction: str) -> None:
    # "X remains committed to the ceasefire": a pledge of restraint; "... to diplomacy": procedure
    claim = _one(tarsia, title)
    assert (claim.kind, claim.direction) == ("statement", direction)


@pytest.mark.parametrize(
    "title, shape",
    [
        ("The ministry said Tarsian army units were acting with restraint at the bridge", ("statement", "tarsia", None, "deescalate")),
        ("Petra Holm urged restraint at the bridge", ("statement", "mediator", None, "neutral")),
    ],
)
def test_restraint_is_holding_back_unless_urged_on_others(tarsia: Analyzer, title: str, shape: tuple[str, ...]) -> None:
    # "X's forces were acting with restraint": a claim of holding back; "urged restraint": a call on others
    assert _shape(_one(tarsia, title)) == shape


@pytest.mark.parametrize(
    "title, direction",
    [("Tarsia says the truce has no end date", "deescalate"), ("Velan rebels say the truce has not held", "escalate")],
)
def test_no_before_a_noun_denies_the_noun_not_the_event(tarsia: Analyzer, title: str, direction: str) -> None:
    # "the ceasefire has no expiry date": the truce goes on; "has not held" denies it
    assert _one(tarsia, title).direction == direction


@pytest.mark.parametrize(
    "title",
    [
        "Velan rebels said the truce monitors would visit the bridge",
        "Velan rebels said the peace envoy would visit the bridge",
        "Tarsia said the two military operation chiefs would speak at noon",
    ],
)
def test_an_event_word_before_a_role_names_the_role(tarsia: Analyzer, title: str) -> None:
    # "the ceasefire monitors", "the two military operations chiefs": who they are, not a truce or an attack
    claim = _one(tarsia, title)
    assert (claim.kind, claim.direction) == ("statement", "neutral")


def test_an_event_word_inside_a_capitalised_name_is_no_event(tarsia: Analyzer) -> None:
    # "the Director General of Military Operations phoned ...": a title, not an attack
    claim = _one(tarsia, "Oskar Dunne said the Velan Director of Joint Strike Operations phoned the mediator at noon")
    assert (claim.kind, claim.party, claim.direction) == ("action", "velan", "neutral")


@pytest.mark.parametrize(
    "title, direction",
    [
        ("Tarsia says the bridge accord will stay in abeyance", "escalate"),
        ("Tarsia says it will keep the bridge accord in abeyance until the rebels pull back", "neutral"),
        ("Velan rebels say Tarsian shelling will stop at dawn", "deescalate"),
        ("Petra Holm said the truce could collapse", "neutral"),
    ],
)
def test_a_step_after_a_modal_still_turns_the_event(tarsia: Analyzer, title: str, direction: str) -> None:
    # "the treaty would remain in abeyance": suspended; "... until Y ends Z": a condition; "could collapse": a guess
    claim = _one(tarsia, title)
    assert (claim.kind, claim.direction) == ("statement", direction)


@pytest.mark.parametrize(
    "title, direction",
    [("Tarsia denies the bridge was discussed with the rebels", "neutral"), ("Tarsia drops its demand for talks", "deescalate")],
)
def test_denying_that_talks_touched_a_matter_is_no_restraint(tarsia: Analyzer, title: str, direction: str) -> None:
    # "X denies trade was discussed": a state of things denied, like "denied the town had fallen"; dropping a demand yields
    assert _one(tarsia, title).direction == direction


def test_to_deal_with_is_to_handle_not_a_pact(tarsia: Analyzer) -> None:
    # "troops were told to deal strongly with any repetition": a deterrent warning, not a deal
    claim = _one(tarsia, "Ilse Varn said the units had been told to deal firmly with any rebel raid at the bridge")
    assert _shape(claim) == ("statement", "tarsia", "tarsia", "neutral")


def test_the_two_with_a_noun_before_a_past_verb_are_the_sides(tarsia: Analyzer) -> None:
    # "the two commanders discussed ...": both sides; "the two men were freed" is no group, "the two delegations would meet" a schedule
    claims = _claims(tarsia, "Tarsian and Velan officers meet at the bridge", "The two commanders discussed a pullback.")
    assert sorted(c.party for c in claims if c.text.startswith("The two")) == ["tarsia", "velan"]
    claims = _claims(tarsia, "Tarsia frees rebels", "The two men were freed at the bridge.")
    assert [c.party for c in claims if c.text.startswith("The two")] == ["tarsia"]
    assert _one(tarsia, "Petra Holm said the two delegations would meet at the bridge").party == "mediator"


def test_an_acronym_keyword_before_another_issues_word_keeps_its_issue() -> None:
    # "JMC talks": the acronym names who talks, not where (unlike "Kessel pullback")
    config = Config(
        talks=Talks("Tarsia–Velan talks"),
        parties=(Party("tarsia", "Tarsia", ("Tarsia",)), Party("velan", "Velan", ("Velan",))),
        issues=(Issue("jmc", "Joint military commission", ("JMC",)), Issue("talks", "Political talks", ("talks",))),
    )
    assert "jmc" in Analyzer(config).read(Item("x", "Tarsia says JMC talks with Velan will resume on Monday")).issues


def test_warring_sides_are_the_sides_not_a_war(tarsia: Analyzer) -> None:
    # "the warring sides agree to X": both sides' pledge; "warring" names them, it wages nothing
    claims = _claims(tarsia, "Warring sides agree to extend the Kessel truce", "Tarsia and the rebels signed a map of the bridge.")
    first = [c for c in claims if c.text.startswith("Warring")]
    assert sorted(_shapes(first)) == [("statement", "tarsia", None, "deescalate"), ("statement", "velan", None, "deescalate")]


def test_truce_talks_are_a_meeting_held(tarsia: Analyzer) -> None:
    # "X brings the sides to Y for truce talks": a meeting convened, neutral, not a pledge of a truce
    claim = _one(tarsia, "Petra Holm brings the warring sides to the capital for truce talks")
    assert _shape(claim) == ("action", "mediator", None, "neutral")


def test_abiding_by_an_extension_is_keeping_it(tarsia: Analyzer) -> None:
    # "X said it would abide by the extension": a pledge of restraint even with no truce word
    claim = _one(tarsia, "The rebels said they would abide by the extension")
    assert _shape(claim) == ("statement", "velan", "velan", "deescalate")


def test_breaking_a_truce_is_a_deed(tarsia: Analyzer) -> None:
    # "X broke the truce", "X undermined the deal": a deed done to a pact, not words
    assert _shape(_one(tarsia, "Rebels broke the Kessel truce")) == ("action", "velan", None, "escalate")
    claim = _one(tarsia, "Petra Holm says the rebels undermined the deal")
    assert _shape(claim) == ("action", "velan", "mediator", "escalate")


def test_both_sides_are_not_the_joint_reporters() -> None:
    # "X and Y monitors say both sides broke the truce": the two sides, not the second mediator who tells it
    config = _tarsia()
    config = Config(config.talks, (*config.parties, Party("envoy", "Envoy", ("envoy", "Orlan"))), config.issues)
    claims = _claims(
        Analyzer(config), "Mediator and Orlan monitors say both sides broke the truce",
        "Tarsian army units shelled the bridge. Rebel mortars hit the depot.",
    )
    first = [c for c in claims if c.text.startswith("Mediator")]
    assert sorted(c.party for c in first) == ["tarsia", "velan"]


def test_suspending_talks_is_a_deed(tarsia: Analyzer) -> None:
    # "X suspends participation in talks": a step taken now, like opening talks, not words
    claim = _one(tarsia, "Tarsian government suspends its part in the Kessel negotiations")
    assert _shape(claim) == ("action", "tarsia", None, "escalate")


def test_visa_restrictions_are_a_sanction(tarsia: Analyzer) -> None:
    # "X imposed visa restrictions on officials undermining the truce": a penalty imposed, whatever it is for
    claim = _one(tarsia, "Petra Holm imposed visa restrictions on rebel officials who undermined the truce")
    assert _shape(claim) == ("action", "mediator", None, "escalate")


def test_the_mediators_are_who_acts_not_a_mediation(tarsia: Analyzer) -> None:
    # "The mediators urged X and Y to honour the truce": a call on others by the mediators
    claims = _claims(
        tarsia, "Petra Holm says the rebels broke the truce",
        "The mediators urged the rebels and the Tarsian army to honour the truce.",
    )
    assert _shapes(claims)[-1] == ("statement", "mediator", None, "neutral")


def test_carrying_out_takes_its_way_and_its_denial_from_the_object(tarsia: Analyzer) -> None:
    # "X had not carried out the pullback": a step undone; "carried out strikes": force; "carried out no strike": a denial
    assert _shape(_one(tarsia, "The rebels have not carried out the pullback from the bridge")) == ("action", "velan", None, "escalate")
    assert _shape(_one(tarsia, "The rebels had not carried out a single clause of the truce")) == ("action", "velan", None, "escalate")
    assert _shape(_one(tarsia, "The rebels carried out strikes on the bridge")) == ("action", "velan", None, "escalate")
    claim = _one(tarsia, "The rebels said they had carried out no strike on the bridge")
    assert _shape(claim) == ("statement", "velan", "velan", "deescalate")


def test_staying_out_is_restraint_and_staying_away_from_talks_a_boycott(tarsia: Analyzer) -> None:
    # "X's jets stayed out of the skies": a pullback kept; "will stay away from the talks": leaving a pact
    claim = _one(tarsia, "Residents said Tarsian army jets had stayed out of the skies over the bridge")
    assert _shape(claim) == ("action", "tarsia", None, "deescalate")
    assert _shape(_one(tarsia, "The rebels will stay away from the Kessel talks")) == ("statement", "velan", None, "escalate")


def test_a_charge_in_a_second_clause_is_read_whatever_its_words(tarsia: Analyzer) -> None:
    # "X said Y had shelled homes, while Y accused X of mining the road": Y's charge, though "mining" is no event word
    claims = _claims(tarsia, "The rebels said Tarsian army units had shelled the bridge, while the Tarsian government accused the rebels of mining the road.")
    assert _shapes(claims) == [("action", "tarsia", "velan", "escalate"), ("action", "velan", "tarsia", "escalate")]


def test_a_deed_with_no_doer_is_not_by_the_side_it_hits(tarsia: Analyzer) -> None:
    # "air strikes hit X positions", in an item where both sides strike: by the side that is not hit
    claims = _claims(
        tarsia, "Tarsian jets pound the bridge",
        "Witnesses said air strikes hit rebel positions near the bridge. The Tarsian government accused the rebels of shelling homes.",
    )
    assert _shape(claims[1]) == ("action", "tarsia", None, "escalate")


def test_a_reported_raid_with_no_doer_is_the_headlines_doer(tarsia: Analyzer) -> None:
    # "X jets strike Y", then "witnesses reported air raids": the deed the headline names, not Z's attack told later
    claims = _claims(
        tarsia, "Tarsian jets strike the bridge as truce begins",
        "Witnesses reported air raids and heavy gunfire near the bridge. The Tarsian army said rebel fighters had attacked a base.",
    )
    assert _shapes(claims)[1] == ("action", "tarsia", None, "escalate")


def test_and_a_second_sides_deed_noun_is_a_clause_of_its_own(tarsia: Analyzer) -> None:
    # "witnesses reported X air strikes on A and Y shelling near B": two deeds, two doers
    claims = _claims(tarsia, "Witnesses reported Tarsian army air strikes on the ford and rebel shelling near the bridge.")
    assert _shapes(claims) == [("action", "tarsia", None, "escalate"), ("action", "velan", None, "escalate")]


def test_sides_each_saying_they_keep_the_truce_claim_restraint(tarsia: Analyzer) -> None:
    # "X and Y each said they were observing the ceasefire": each side's own claim, a statement like a denial
    claims = _claims(tarsia, "The Tarsian army and the rebels each said they were observing the truce.")
    assert sorted((c.kind, c.party, c.direction) for c in claims) == [
        ("statement", "tarsia", "deescalate"), ("statement", "velan", "deescalate"),
    ]


def test_the_mediators_said_is_the_item_mediator_speaking(analyzer: Analyzer) -> None:
    # "..., the mediators said. They warned ...": the mediator the item has named, not the sides it quoted
    claims = _claims(
        analyzer, "White House announces a pause in the fighting near Chernihiv",
        "Russia and Ukraine have agreed to hold fire from dawn, the mediators said. They warned that the talks would stop if the pause failed.",
    )
    assert _shape(claims[-1]) == ("statement", "us", "us", "neutral")


def test_holding_up_aid_is_obstruction_but_a_truce_holding_up_is_not(tarsia: Analyzer) -> None:
    # "visas were held up by X authorities": X's deed, an obstruction; "the truce was holding up": a verdict
    claim = _one(tarsia, "Aid agencies said visas were still being held up by Tarsian authorities")
    assert _shape(claim) == ("action", "tarsia", None, "escalate")
    assert _shape(_one(tarsia, "Tarsian officials said the truce was holding up")) == ("statement", "tarsia", "tarsia", "neutral")
    assert _shape(_one(tarsia, "The truce held up overnight, the rebels said")) == ("statement", "velan", "velan", "deescalate")


def test_receiving_reports_of_a_deed_is_not_doing_it(tarsia: Analyzer) -> None:
    # "X said it had received reports of shelling": X tells of it, X did not shell
    claim = _one(tarsia, "Petra Holm said she had received reports of shelling near the bridge")
    assert _shape(claim) == ("statement", "mediator", "mediator", "neutral")


def test_a_second_negated_predicate_with_no_event_is_no_charge(tarsia: Analyzer) -> None:
    # "X said it had no troops there and was not a party to the conflict": a denial, not a deed charged to X
    claims = _claims(tarsia, "Ilse Varn said Tarsia had no troops at the bridge and was not a side in the dispute.")
    assert all(c.kind == "statement" for c in claims), claims


def test_a_step_against_those_responsible_is_a_deterrent_warning(tarsia: Analyzer) -> None:
    # "X would punish those responsible for the attack": whoever did it, a case foreseen (like "any attack")
    claim = _one(tarsia, "Ilse Varn said Tarsia would punish those responsible for the attack on the bridge")
    assert _shape(claim) == ("statement", "tarsia", "tarsia", "neutral")
    claim = _one(tarsia, "Ilse Varn said the rebels were responsible for the attack on the bridge")
    assert _shape(claim) == ("action", "velan", "tarsia", "escalate")


def test_they_after_a_joint_announcement_are_both_announcers(tarsia: Analyzer) -> None:
    # "X and Y announce a truce. They warned ...": both speak on, not only the first named
    claims = _claims(tarsia, "Tarsia and Petra Holm announce a truce at the bridge", "They warned that the talks would stop if the truce failed.")
    last = [c for c in claims if c.text.startswith("They")]
    assert sorted(c.party for c in last) == ["mediator", "tarsia"]


def test_a_joint_report_keeps_both_reporters_as_the_later_voice(analyzer: Analyzer) -> None:
    # "X and Y monitors say Z broke the pause. The monitors urged ...": the call is X's and Y's
    claims = _claims(
        analyzer, "Pentagon and Kremlin monitors say Ukrainian units broke the pause near Chernihiv",
        "The monitors urged the sides to honour their commitments.",
    )
    last = [c for c in claims if c.text.startswith("The monitors")]
    assert sorted(_shapes(last)) == [("statement", "russia", None, "neutral"), ("statement", "us", None, "neutral")]


def test_not_yet_is_a_negation_not_a_contrast(analyzer: Analyzer) -> None:
    claim = _one(analyzer, "Kyiv says Russian units have not yet pulled back from the river crossings")
    assert (claim.kind, claim.party, claim.direction) == ("action", "russia", "escalate")


def test_a_count_after_the_verb_is_its_object_not_a_passive(analyzer: Analyzer) -> None:
    claim = _one(analyzer, "Kyiv says Russian shelling killed at least 12 people in a market town")
    assert (claim.kind, claim.party, claim.direction) == ("action", "russia", "escalate")
    claim = _one(analyzer, "Ukrainian gunners destroyed about 30 armoured vehicles near the border, Kyiv said")
    assert (claim.kind, claim.party, claim.direction) == ("action", "ukraine", "escalate")


def test_a_second_clause_charging_another_side_is_a_deed_of_that_side_whatever_its_words(analyzer: Analyzer) -> None:
    claims = _claims(analyzer, "Moscow denies shelling the market, accuses Kyiv of arming saboteurs")
    assert [(c.kind, c.party, c.direction) for c in claims] == [
        ("statement", "russia", "deescalate"), ("action", "ukraine", "escalate"),
    ]


def test_a_report_after_an_opening_phrase_is_no_trailing_source(analyzer: Analyzer) -> None:
    claims = _claims(analyzer, "Front line quiet overnight",
                     "In a briefing, the Kremlin said they would pull back soon, and asked Kyiv to hold fire.")
    assert [(c.kind, c.party, c.direction) for c in claims] == [("statement", "russia", "deescalate")]


def test_calling_a_deed_a_sham_denies_it_as_the_doers_deed(analyzer: Analyzer) -> None:
    claim = _one(analyzer, "Kyiv calls Russian pullback from the river a charade")
    assert _shape(claim) == ("action", "russia", "ukraine", "escalate")
    claim = _one(analyzer, "Ukraine says the sham Russian withdrawal from the river continues")
    assert (claim.kind, claim.party, claim.direction) == ("action", "russia", "escalate")


def test_taking_up_positions_is_a_deployment_not_a_capture(analyzer: Analyzer) -> None:
    claim = _one(analyzer, "Ukrainian units took up positions along the old rail line")
    assert (claim.kind, claim.party, claim.direction) == ("action", "ukraine", "neutral")


def test_digging_in_and_recruiting_are_escalations(analyzer: Analyzer) -> None:
    claim = _one(analyzer, "Russian troops dug in around the airfield overnight")
    assert (claim.kind, claim.party, claim.direction) == ("action", "russia", "escalate")
    claim = _one(analyzer, "Kyiv says Russian commanders are recruiting in occupied villages")
    assert (claim.kind, claim.party, claim.direction) == ("action", "russia", "escalate")


def test_rejecting_a_charge_denies_it_rejecting_an_offer_refuses_it(analyzer: Analyzer) -> None:
    claim = _one(analyzer, "Moscow rejected the findings of the inquiry into the grain silo")
    assert (claim.kind, claim.party, claim.direction) == ("statement", "russia", "deescalate")
    claim = _one(analyzer, "Moscow rejected the offer of a pause")
    assert (claim.kind, claim.party, claim.direction) == ("statement", "russia", "escalate")


def test_the_only_way_is_an_assessment(analyzer: Analyzer) -> None:
    claim = _one(analyzer, "Kyiv says the Geneva roadmap is the only way to a lasting truce")
    assert (claim.kind, claim.party, claim.direction) == ("statement", "ukraine", "neutral")


def test_speaking_with_someone_is_a_contact_taken_up(analyzer: Analyzer) -> None:
    claim = _one(analyzer, "Zelensky spoke with the Kremlin envoy on Sunday")
    assert (claim.kind, claim.party, claim.direction) == ("action", "ukraine", "neutral")


def test_saying_another_side_can_do_something_is_the_speakers_word(analyzer: Analyzer) -> None:
    claim = _one(analyzer, "Kyiv says Russian delegates can join the Geneva talks once shelling stops")
    assert (claim.kind, claim.party, claim.speaker, claim.direction) == ("statement", "ukraine", "ukraine", "neutral")


def test_a_side_named_in_a_leading_condition_is_not_the_subject(analyzer: Analyzer) -> None:
    claims = _claims(analyzer, "Kremlin warns Kyiv over river crossing",
                     "If the Ukrainian army crosses the river, the response would use all means.")
    assert [(c.kind, c.party, c.direction) for c in claims] == [("statement", "russia", "neutral")] * 2
    claim = _one(analyzer, "If the talks fail, Russian troops would use force")
    assert (claim.kind, claim.party, claim.direction) == ("statement", "russia", "neutral")


def test_having_no_troops_somewhere_is_a_denial(analyzer: Analyzer) -> None:
    claim = _one(analyzer, "Moscow says it has no troops in the border district")
    assert (claim.kind, claim.party, claim.direction) == ("statement", "russia", "deescalate")


def test_an_accusation_of_two_sides_charges_each(analyzer: Analyzer) -> None:
    claims = _claims(analyzer, "Moscow accuses Kyiv and US instructors of shelling the dam")
    assert sorted((c.kind, c.party, c.speaker, c.direction) for c in claims) == [
        ("action", "ukraine", "russia", "escalate"), ("action", "us", "russia", "escalate"),
    ]


def test_a_speaker_who_has_seen_no_pullback_reports_the_doers_deed(analyzer: Analyzer) -> None:
    claims = _claims(analyzer, "Russian units dig in north of the capital", "The Pentagon said it had not yet seen any pullback.")
    assert [(c.kind, c.party, c.direction) for c in claims] == [("action", "russia", "escalate")] * 2


def test_what_a_meeting_seeks_says_which_way(analyzer: Analyzer) -> None:
    claim = _one(analyzer, "Kyiv says the Geneva meeting will seek a lasting truce")
    assert (claim.kind, claim.party, claim.direction) == ("statement", "ukraine", "deescalate")
    claim = _one(analyzer, "Kyiv says the Geneva meeting will discuss a truce")
    assert (claim.kind, claim.party, claim.direction) == ("statement", "ukraine", "neutral")


def test_a_fish_or_a_road_named_after_a_side_is_no_side(analyzer: Analyzer) -> None:
    assert analyzer.read(Item("x", "Ukraine tetras: a hardy fish for a planted tank")).parties == ()
    assert analyzer.read(Item("x", "Kyiv ring road closed at night for resurfacing")).parties == ()


def test_a_speaker_who_can_confirm_still_reports(analyzer: Analyzer) -> None:
    claim = _one(analyzer, "Kyiv can confirm that Russian troops withdrew from the airport")
    assert _shape(claim) == ("action", "russia", "ukraine", "deescalate")


def test_an_attack_backed_by_another_side_is_that_sides_attack_too(analyzer: Analyzer) -> None:
    claims = _claims(analyzer, "Moscow says Ukrainian units, backed by US instructors, attacked the bridge")
    assert sorted((c.kind, c.party, c.direction) for c in claims) == [
        ("action", "ukraine", "escalate"), ("action", "us", "escalate"),
    ]


def test_still_holding_a_place_is_no_verdict_on_a_truce(analyzer: Analyzer) -> None:
    claim = _one(analyzer, "Kyiv says Russian units had moved north but still held Kherson")
    assert (claim.kind, claim.party) == ("action", "russia")
    claim = _one(analyzer, "Kyiv says the truce is still holding")
    assert (claim.kind, claim.party, claim.direction) == ("statement", "ukraine", "neutral")


def test_a_relative_clause_on_the_speaker_is_part_of_its_name(analyzer: Analyzer) -> None:
    claims = _claims(analyzer, "Envoys gather in Geneva",
                     "The US envoy, who shuttles between Moscow and Kyiv, said the Geneva plan was the only way to a truce.")
    assert [(c.kind, c.party, c.speaker, c.direction) for c in claims] == [("statement", "us", "us", "neutral")]


def test_taking_over_what_another_side_vacates_is_a_handover(analyzer: Analyzer) -> None:
    claim = _one(analyzer, "Ukrainian police will take over the checkpoints Russian units vacate")
    assert (claim.kind, claim.party, claim.direction) == ("statement", "ukraine", "deescalate")
    claim = _one(analyzer, "Russian units have taken over the checkpoints")
    assert (claim.kind, claim.party, claim.direction) == ("action", "russia", "escalate")


def test_a_second_predicate_with_no_event_is_no_charge(analyzer: Analyzer) -> None:
    claims = _claims(analyzer, "Kremlin aide says Moscow had no troops in the district and was not a party to the feud")
    assert [(c.kind, c.party, c.direction) for c in claims] == [("statement", "russia", "deescalate")]
