"""Build geodata/north_kent_roads.geojson: North Kent's main roads, hand-placed.

Run: .venv/bin/python geodata/build/make_roads.py

Made by the project from general geographic knowledge, not surveyed or copied
from a map product: vertices are approximate (typically within a few hundred
metres). What is exact by construction is the topology that matters for ETAs:
roads meet at shared named places, and the Medway, the Swale and the Thames are
crossed only by the features that carry a `crossing` name (Rochester Bridge,
M2 Medway viaduct, Medway Tunnel, Sheppey Crossing, Kingsferry Bridge,
Dartford Crossing, plus the M20 Medway bridge at Aylesford upstream).
tests/unit/test_roads.py checks that against hand-drawn water lines.

Properties per LineString: name, ref, road_class (motorway|trunk|a_road|
b_road|lane|local|urban), speed_kph (null: speeds are by class, CLASS_SPEED_KPH), crossing
(null or the crossing's name).
"""
from __future__ import annotations

import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

OUT = ROOT / "geodata" / "north_kent_roads.geojson"

# Named places (lon, lat). Roads that meet share a place, so joins are exact.
P: dict[str, tuple[float, float]] = {
    # --- Dartford / Thames-side / Essex stub
    "A2_BLACK_PRINCE": (0.1500, 51.4420), "DARTFORD_HEATH": (0.1950, 51.4370),
    "CRAYFORD": (0.1800, 51.4520), "DARTFORD": (0.2180, 51.4460), "CROSSWAYS": (0.2350, 51.4560),
    "M25_J1B": (0.2400, 51.4410), "M25_J1A": (0.2480, 51.4560), "DXC_S": (0.2580, 51.4620),
    "DXC_N": (0.2640, 51.4790), "M25_J31": (0.2760, 51.4880), "M25_J30": (0.2850, 51.5000),
    "A13_A1089": (0.3450, 51.4930), "TILBURY": (0.3600, 51.4620), "GRAYS": (0.3250, 51.4780),
    "M25_J2": (0.2390, 51.4290), "M25_HAWLEY": (0.2200, 51.4120), "M25_J3": (0.1900, 51.3980),
    "SWANLEY": (0.1730, 51.4000), "HAWLEY": (0.2270, 51.4250), "SUTTON_AT_HONE": (0.2330, 51.4080),
    "FARNINGHAM": (0.2250, 51.3800), "DARENTH": (0.2500, 51.4360), "BEAN": (0.2850, 51.4250),
    "STONE": (0.2650, 51.4480), "GREENHITHE": (0.2850, 51.4490), "BLUEWATER": (0.2700, 51.4390),
    "A2_BLUEWATER": (0.2700, 51.4330), "SWANSCOMBE": (0.3080, 51.4470), "A2_EBBSFLEET": (0.3200, 51.4280),
    "EBBSFLEET": (0.3220, 51.4400), "NORTHFLEET": (0.3300, 51.4420), "GRAVESEND": (0.3700, 51.4410),
    "A2_TOLLGATE": (0.3580, 51.4220), "ISTEAD_RISE": (0.3600, 51.4000), "MEOPHAM": (0.3570, 51.3700),
    "A2_GRAVESEND_E": (0.3950, 51.4180), "CHALK": (0.4100, 51.4340), "SHORNE": (0.4350, 51.4240),
    "A2_COBHAM": (0.4300, 51.4030), "GADS_HILL": (0.4580, 51.4100), "HIGHAM": (0.4630, 51.4230),
    # --- Strood / Rochester / Chatham / Gillingham
    "M2_J1": (0.4650, 51.3930), "STROOD_HILL": (0.4800, 51.3940), "STROOD": (0.4930, 51.3950),
    "STROOD_N": (0.4850, 51.4000), "A289_A226": (0.4760, 51.4040), "WAINSCOTT": (0.4950, 51.4130),
    "FOUR_ELMS": (0.5070, 51.4140), "FRINDSBURY": (0.5000, 51.4010), "A289_FRINDSBURY": (0.5150, 51.4080),
    "MEDWAY_CITY": (0.5130, 51.4000), "TUNNEL_W": (0.5190, 51.4025), "TUNNEL_E": (0.5300, 51.4015),
    "CHATHAM_MARITIME": (0.5350, 51.3990), "DOCKYARD": (0.5300, 51.3930), "BROMPTON": (0.5380, 51.3900),
    "ROCH_BRIDGE_W": (0.4985, 51.3932), "ROCH_BRIDGE_E": (0.5035, 51.3902), "ROCHESTER": (0.5060, 51.3885),
    "STAR_HILL": (0.5120, 51.3860), "CITY_WAY": (0.5100, 51.3700), "BORSTAL": (0.4950, 51.3730),
    "CHATHAM": (0.5250, 51.3830), "LUTON": (0.5400, 51.3720), "CHATHAM_HILL": (0.5420, 51.3790),
    "GILLINGHAM": (0.5480, 51.3880), "GILL_PIER": (0.5540, 51.3960), "GILL_EAST": (0.5720, 51.3840),
    "GILL_A2": (0.5600, 51.3760), "A2_A278": (0.5800, 51.3690), "A278_MID": (0.5790, 51.3560),
    "LOWER_RAINHAM": (0.5950, 51.3800), "RAINHAM": (0.6100, 51.3640), "MOOR_STREET": (0.6350, 51.3580),
    "BRIDGEWOOD": (0.5080, 51.3550), "WALDERSLADE": (0.5250, 51.3450), "LORDSWOOD": (0.5450, 51.3480),
    "HEMPSTEAD": (0.5700, 51.3520),
    # --- Medway valley / M20
    "A228_STROOD": (0.4800, 51.3870), "M2_J2": (0.4720, 51.3830), "CUXTON": (0.4600, 51.3740),
    "HALLING": (0.4480, 51.3520), "SNODLAND": (0.4400, 51.3300), "M20_J4": (0.4200, 51.3050),
    "WEST_MALLING": (0.4100, 51.2950), "M20_J2": (0.3150, 51.3100), "M20_J3": (0.3400, 51.3100),
    "M20_WEST_KINGSDOWN": (0.2500, 51.3500), "M20_BRIDGE_W": (0.4550, 51.3040),
    "M20_BRIDGE_E": (0.4700, 51.3030), "M20_J5": (0.4800, 51.3020), "M20_J6": (0.5160, 51.2960),
    "MAIDSTONE": (0.5220, 51.2720), "BLUE_BELL": (0.5100, 51.3250),
    # --- M2
    "M2_VIADUCT_W": (0.4800, 51.3790), "M2_VIADUCT_E": (0.4960, 51.3760), "M2_BORSTAL": (0.5050, 51.3600),
    "M2_J3": (0.5120, 51.3460), "M2_BREDHURST": (0.5450, 51.3420), "M2_J4": (0.5800, 51.3450),
    "M2_J5": (0.6450, 51.3360), "M2_TUNSTALL": (0.7300, 51.3220), "M2_NORTON": (0.8000, 51.3120),
    "M2_J6": (0.8850, 51.3000), "BRENLEY": (0.9300, 51.3000),
    # --- Hoo peninsula
    "CHATTENDEN": (0.5400, 51.4200), "HOO_JCT": (0.5600, 51.4260), "HOO": (0.5630, 51.4170),
    "KINGSNORTH": (0.6000, 51.4200), "HIGH_HALSTOW_JCT": (0.5800, 51.4400), "HIGH_HALSTOW": (0.5600, 51.4480),
    "STOKE_JCT": (0.6350, 51.4470), "ALLHALLOWS": (0.6430, 51.4700), "GRAIN_RD": (0.6800, 51.4520),
    "GRAIN": (0.7150, 51.4590), "CLIFFE_WOODS": (0.4970, 51.4420), "CLIFFE": (0.4970, 51.4610),
    # --- Swale mainland
    "NEWINGTON": (0.6700, 51.3510), "UPCHURCH": (0.6500, 51.3770), "LOWER_HALSTOW": (0.6700, 51.3730),
    "KEYCOL": (0.7000, 51.3480), "GROVEHURST": (0.7230, 51.3660), "IWADE_JCT": (0.7320, 51.3810),
    "IWADE": (0.7270, 51.3780), "SHEPPEY_X_S": (0.7400, 51.3880), "KINGSFERRY_S": (0.7470, 51.3885),
    "SITTINGBOURNE": (0.7350, 51.3400), "MILTON_REGIS": (0.7330, 51.3480), "KEMSLEY": (0.7400, 51.3630),
    "EUROLINK": (0.7550, 51.3550), "MURSTON": (0.7550, 51.3430), "SITT_SOUTH": (0.7300, 51.3300),
    "BAPCHILD": (0.7650, 51.3340), "TEYNHAM": (0.8070, 51.3320), "CONYER": (0.8150, 51.3500),
    "OSPRINGE": (0.8770, 51.3110), "A2_A251": (0.8870, 51.3100), "FAVERSHAM": (0.8900, 51.3150),
    "OARE": (0.8800, 51.3280), "A251_SOUTH": (0.8800, 51.2700), "BOUGHTON": (0.9750, 51.2960),
    "GRAVENEY_RD": (0.9200, 51.3200), "GRAVENEY": (0.9480, 51.3230), "SEASALTER_RD": (0.9750, 51.3420),
    "SEASALTER": (0.9950, 51.3500), "A299_MID": (0.9600, 51.3200), "YORKLETTS": (0.9900, 51.3350),
    "WHITSTABLE": (1.0250, 51.3550),
    # --- Isle of Sheppey
    "SHEPPEY_X_N": (0.7440, 51.3990), "KINGSFERRY_N": (0.7490, 51.3990), "COWSTEAD": (0.7650, 51.4060),
    "QUEENBOROUGH": (0.7480, 51.4150), "A249_QUEENB": (0.7620, 51.4200), "SHEERNESS": (0.7620, 51.4400),
    "HALFWAY": (0.7900, 51.4230), "MINSTER": (0.8150, 51.4230), "LOWER_RD_HALFWAY": (0.7900, 51.4110),
    "LOWER_RD_MINSTER": (0.8150, 51.4120), "EASTCHURCH": (0.8600, 51.4090), "WARDEN_JCT": (0.8950, 51.4030),
    "LEYSDOWN": (0.9250, 51.3960), "HARTY_RD": (0.8650, 51.3850), "HARTY": (0.8700, 51.3720),
    # --- rural south and the Downs (so inland points are not kilometres from a road)
    "WEST_KINGSDOWN": (0.2700, 51.3400), "WROTHAM_HEATH": (0.3450, 51.2950), "WROTHAM": (0.3100, 51.3080),
    "CULVERSTONE": (0.3400, 51.3450), "SOLE_STREET": (0.3800, 51.3830), "SOUTHFLEET": (0.3220, 51.4150),
    "LONGFIELD": (0.3000, 51.3930), "DETLING": (0.5700, 51.2950), "M20_J7": (0.5500, 51.2830),
    "BREDGAR": (0.6950, 51.3100), "HOLLINGBOURNE": (0.6400, 51.2650), "BREDHURST": (0.5800, 51.3300),
    "STOCKBURY": (0.6400, 51.3250), "DODDINGTON": (0.7800, 51.2950), "NEWNHAM": (0.7950, 51.2750),
    "WOULDHAM": (0.4680, 51.3500), "BURHAM": (0.4800, 51.3300), "COOLING": (0.5250, 51.4580),
    "SELLING": (0.9400, 51.2800), "HERNHILL": (0.9650, 51.3150),
    # --- Corridors to the hospitals outside North Kent (bench/eta_truth.py's sites).
    # Coarser still (places within ~0.5 km); they carry drives out of the area, not local detail.
    # London: A2 and A20 to the Old Kent Road, A202 to Denmark Hill
    "A2_FALCONWOOD": (0.0900, 51.4530), "A2_KIDBROOKE": (0.0300, 51.4650), "SUN_IN_THE_SANDS": (0.0290, 51.4740),
    "BLACKHEATH_HILL": (-0.0100, 51.4700), "DEPTFORD_BRIDGE": (-0.0220, 51.4740), "NEW_CROSS": (-0.0340, 51.4760),
    "OLD_KENT_RD": (-0.0600, 51.4820), "BRICKLAYERS_ARMS": (-0.0830, 51.4940), "ELEPHANT": (-0.1000, 51.4950),
    "LAMBETH_N": (-0.1110, 51.4990), "ST_THOMAS": (-0.1189, 51.4979), "PECKHAM": (-0.0690, 51.4730),
    "CAMBERWELL": (-0.0920, 51.4740), "KINGS_DENMARK_HILL": (-0.0939, 51.4681),
    "A20_SIDCUP": (0.1100, 51.4170), "A20_MOTTINGHAM": (0.0400, 51.4370), "LEE_GREEN": (0.0120, 51.4530),
    "LEWISHAM": (-0.0130, 51.4620),
    # Maidstone Hospital (Barming), Tunbridge Wells Hospital (Pembury)
    "HERMITAGE_LANE": (0.4820, 51.2900), "MAIDSTONE_HOSP": (0.4840, 51.2737), "BARMING": (0.4800, 51.2660),
    "WATERINGBURY": (0.4250, 51.2530), "MEREWORTH": (0.3800, 51.2450), "HADLOW": (0.3380, 51.2240),
    "TONBRIDGE": (0.2740, 51.1950), "KINGS_HILL": (0.4000, 51.2750), "PADDOCK_WOOD_W": (0.3700, 51.1800),
    "PEMBURY_A21": (0.3200, 51.1520), "TW_HOSPITAL": (0.3073, 51.1491), "M25_J4": (0.1300, 51.3480),
    "M25_J5": (0.1400, 51.2930), "SEVENOAKS_A21": (0.2000, 51.2500), "TONBRIDGE_N": (0.2600, 51.2150),
    "M26_MID": (0.2400, 51.3000),
    # Ashford (William Harvey), Canterbury, Margate (QEQM)
    "M20_J8": (0.6370, 51.2620), "M20_LENHAM": (0.7200, 51.2300), "M20_J9": (0.8690, 51.1610),
    "M20_J10": (0.9020, 51.1400), "WILLIAM_HARVEY": (0.9162, 51.1415), "KENNINGTON": (0.9000, 51.1600),
    "CHALLOCK": (0.8750, 51.2180), "CHILHAM": (0.9650, 51.2450), "CHARTHAM": (1.0200, 51.2550),
    "HARBLEDOWN": (1.0500, 51.2850), "A2_WINCHEAP": (1.0650, 51.2680), "A2_NACKINGTON": (1.0870, 51.2560),
    "CANTERBURY": (1.0800, 51.2780), "K_AND_C": (1.0871, 51.2666), "STURRY": (1.1200, 51.3000),
    "SARRE": (1.2400, 51.3350), "BIRCHINGTON": (1.3000, 51.3720), "MARGATE": (1.3850, 51.3880),
    "QEQM": (1.3894, 51.3781), "HERNE_BAY_A299": (1.1300, 51.3560), "A299_HOATH": (1.2000, 51.3450),
    "MONKTON": (1.2800, 51.3380), "A299_MANSTON": (1.3350, 51.3400), "WESTWOOD": (1.3900, 51.3600),
    # A20 Maidstone - Ashford and the lanes south off the Downs
    "BEARSTED": (0.5800, 51.2730), "HARRIETSHAM": (0.6700, 51.2450), "LENHAM": (0.7200, 51.2370),
    "CHARING": (0.7950, 51.2100), "WARREN_STREET": (0.7500, 51.2450),
    "BOROUGH_GREEN": (0.3080, 51.2880), "SHIPBOURNE": (0.2800, 51.2450),
    "WILMINGTON": (0.2050, 51.4320), "HEXTABLE": (0.1800, 51.4100), "VIGO": (0.3420, 51.3250),
    # --- East Kent's spine (2026-12-06), so that places there join the drawn roads near where they
    # are, not 20 km off (geodata/ROADS.md, "Beyond the drawn roads"): the A2 on to Dover, the M20
    # on to Folkestone and the A20 over to Dover, the A256 Dover - Sandwich - Thanet. As coarse as
    # the other corridors (places within ~0.5-1 km), and no truth route uses them.
    "A2_BRIDGE": (1.1220, 51.2430), "A2_BARHAM": (1.1630, 51.2070), "A2_LYDDEN": (1.2310, 51.1660),
    "WHITFIELD": (1.2870, 51.1520), "BUCKLAND": (1.3000, 51.1360), "DOVER": (1.3120, 51.1270),
    "DOVER_DOCKS": (1.3330, 51.1290), "M20_J11": (1.0350, 51.0930), "M20_J11A": (1.1320, 51.0970),
    "M20_J12": (1.1500, 51.0920), "M20_J13": (1.1770, 51.0900), "FOLKESTONE": (1.1750, 51.0820),
    "CAPEL": (1.2250, 51.1000), "A20_AYCLIFFE": (1.2950, 51.1170), "EASTRY": (1.3000, 51.2450),
    "SANDWICH": (1.3300, 51.2700), "CLIFFSEND": (1.3800, 51.3300),
    # --- Kent's A-road skeleton (2026-12-06): the county's other A roads between its towns, so
    # that a place anywhere in Kent (a unit after a hand-over, an ED a duty officer sends to) is
    # timed on roads that lead its way rather than on a guess over the undrawn grid. Chosen as
    # "every A road joining two towns", before measuring; as coarse as the corridors (~0.5-1 km).
    # The Weald: Tunbridge Wells, the A21 to Hastings, the A229/A274/A262/A28 south of Maidstone
    # and Ashford
    "SOUTHBOROUGH": (0.2560, 51.1600), "TUNBRIDGE_WELLS": (0.2630, 51.1320), "A264_MID": (0.2900, 51.1400),
    "LAMBERHURST": (0.3920, 51.1000), "FLIMWELL": (0.4470, 51.0560), "ROBERTSBRIDGE": (0.4750, 50.9850),
    "A21_JOHNS_CROSS": (0.5000, 50.9500), "BALDSLOW": (0.5600, 50.8880), "HASTINGS": (0.5750, 50.8600),
    "LINTON": (0.5150, 51.2250), "STAPLEHURST": (0.5500, 51.1630), "A229_A262": (0.5400, 51.1120),
    "HAWKHURST": (0.5100, 51.0470), "SUTTON_VALENCE": (0.5950, 51.2130), "HEADCORN": (0.6220, 51.1680),
    "GOUDHURST": (0.4600, 51.1140), "SISSINGHURST": (0.5620, 51.1090), "BIDDENDEN": (0.6420, 51.1150),
    "HIGH_HALDEN": (0.7150, 51.1040), "ASHFORD": (0.8720, 51.1470), "BETHERSDEN": (0.7560, 51.1280),
    "TENTERDEN": (0.6870, 51.0690), "NORTHIAM": (0.6050, 50.9900), "WESTFIELD": (0.5800, 50.9080),
    # Romney Marsh and the coast to Folkestone
    "KINGSNORTH_ASH": (0.8700, 51.1150), "HAMSTREET": (0.8600, 51.0650), "BRENZETT": (0.8700, 51.0070),
    "NEW_ROMNEY": (0.9420, 50.9860), "DYMCHURCH": (1.0000, 51.0260), "HYTHE": (1.0830, 51.0720),
    "SANDGATE": (1.1500, 51.0740), "HAWKINGE": (1.1650, 51.1150),
    # East Kent: Canterbury to Whitstable, Herne Bay and Sandwich; Deal; Thanet's towns
    "BLEAN": (1.0450, 51.3050), "A291_MID": (1.1250, 51.3250), "HERNE_BAY": (1.1250, 51.3700),
    "LITTLEBOURNE": (1.1650, 51.2750), "WINGHAM": (1.2150, 51.2720), "ASH": (1.2800, 51.2780),
    "RINGWOULD": (1.3800, 51.1800), "DEAL": (1.4000, 51.2230), "RAMSGATE": (1.4170, 51.3350),
    "BROADSTAIRS": (1.4400, 51.3600),
    # Sevenoaks: the A25 under the Downs and the A225 up the Darent valley
    "WESTERHAM": (0.0750, 51.2660), "SUNDRIDGE": (0.1250, 51.2770), "RIVERHEAD": (0.1700, 51.2840),
    "SEVENOAKS": (0.1900, 51.2720), "SEAL": (0.2220, 51.2900), "IGHTHAM": (0.2840, 51.2880),
    "EYNSFORD": (0.2130, 51.3680), "SHOREHAM": (0.1850, 51.3330), "OTFORD": (0.1880, 51.3130),
    # South-east London: the A21 through Bromley, Orpington, the A207 over Shooters Hill
    "GREEN_ST_GREEN": (0.0900, 51.3540), "FARNBOROUGH": (0.0600, 51.3680), "BROMLEY_COMMON": (0.0350, 51.3850),
    "BROMLEY": (0.0170, 51.4040), "CATFORD": (-0.0200, 51.4450), "ORPINGTON": (0.0980, 51.3740),
    "ST_MARY_CRAY": (0.1150, 51.3900), "SHOOTERS_HILL": (0.0700, 51.4660), "WELLING": (0.1050, 51.4620),
    "BEXLEYHEATH": (0.1450, 51.4570),
}

# (name, ref, road_class, [places...], crossing). Roads are split at crossings:
# the crossing is its own feature so only it carries the name.
R: list[tuple[str, str, str, list[str], str | None]] = [
    # Motorways
    ("M25", "M25", "motorway", ["M25_J3", "M25_HAWLEY", "M25_J2"], None),
    ("A282 Dartford approach", "A282", "motorway", ["M25_J2", "M25_J1B", "M25_J1A", "DXC_S"], None),
    ("Dartford Crossing", "A282", "motorway", ["DXC_S", "DXC_N"], "Dartford Crossing"),
    ("M25 Thurrock", "M25", "motorway", ["DXC_N", "M25_J31", "M25_J30"], None),
    ("M20", "M20", "motorway", ["M25_J3", "M20_WEST_KINGSDOWN", "M20_J2", "M20_J3", "M20_J4", "M20_BRIDGE_W"], None),
    ("M20 Medway Bridge", "M20", "motorway", ["M20_BRIDGE_W", "M20_BRIDGE_E"], "M20 Medway Bridge"),
    ("M20", "M20", "motorway", ["M20_BRIDGE_E", "M20_J5", "M20_J6"], None),
    ("M2", "M2", "motorway", ["M2_J1", "M2_J2", "M2_VIADUCT_W"], None),
    ("M2 Medway viaduct", "M2", "motorway", ["M2_VIADUCT_W", "M2_VIADUCT_E"], "M2 Medway viaduct"),
    ("M2", "M2", "motorway", ["M2_VIADUCT_E", "M2_BORSTAL", "M2_J3", "M2_BREDHURST", "M2_J4", "M2_J5",
                              "M2_TUNSTALL", "M2_NORTON", "M2_J6", "BRENLEY"], None),
    # Trunk roads
    ("A2 Watling Street", "A2", "trunk", ["A2_BLACK_PRINCE", "DARTFORD_HEATH", "M25_J2", "A2_BLUEWATER",
                                          "A2_EBBSFLEET", "A2_TOLLGATE", "A2_GRAVESEND_E", "A2_COBHAM", "M2_J1"], None),
    ("A249", "A249", "trunk", ["M2_J5", "KEYCOL", "GROVEHURST", "IWADE_JCT", "SHEPPEY_X_S"], None),
    ("Sheppey Crossing", "A249", "trunk", ["SHEPPEY_X_S", "SHEPPEY_X_N"], "Sheppey Crossing"),
    ("A249 Brielle Way", "A249", "trunk", ["SHEPPEY_X_N", "COWSTEAD", "A249_QUEENB", "SHEERNESS"], None),
    ("A13", "A13", "trunk", ["M25_J30", "A13_A1089"], None),
    ("A1089 Dock Approach", "A1089", "trunk", ["A13_A1089", "TILBURY"], None),
    ("A299 Thanet Way", "A299", "trunk", ["BRENLEY", "A299_MID", "YORKLETTS", "WHITSTABLE"], None),
    # A roads
    ("A2", "A2", "a_road", ["M2_J1", "STROOD_HILL", "STROOD", "ROCH_BRIDGE_W"], None),
    ("Rochester Bridge", "A2", "a_road", ["ROCH_BRIDGE_W", "ROCH_BRIDGE_E"], "Rochester Bridge"),
    ("A2", "A2", "a_road", ["ROCH_BRIDGE_E", "ROCHESTER", "STAR_HILL", "CHATHAM", "CHATHAM_HILL", "GILL_A2",
                            "A2_A278", "RAINHAM", "MOOR_STREET", "NEWINGTON", "KEYCOL", "SITTINGBOURNE",
                            "BAPCHILD", "TEYNHAM", "OSPRINGE", "A2_A251", "BRENLEY", "BOUGHTON"], None),
    ("A226", "A226", "a_road", ["DARTFORD", "STONE", "GREENHITHE", "SWANSCOMBE", "NORTHFLEET", "GRAVESEND",
                                "CHALK", "SHORNE", "GADS_HILL", "A289_A226", "STROOD_N", "STROOD"], None),
    ("A289 Hasted Road / Wainscott bypass", "A289", "a_road",
     ["M2_J1", "A289_A226", "WAINSCOTT", "FOUR_ELMS", "A289_FRINDSBURY", "TUNNEL_W"], None),
    ("Medway Tunnel", "A289", "a_road", ["TUNNEL_W", "TUNNEL_E"], "Medway Tunnel"),
    ("A289 Pier Road / Yokosuka Way", "A289", "a_road",
     ["TUNNEL_E", "CHATHAM_MARITIME", "GILL_PIER", "GILL_EAST", "A2_A278"], None),
    ("A228", "A228", "a_road", ["FOUR_ELMS", "CHATTENDEN", "HOO_JCT", "HIGH_HALSTOW_JCT", "STOKE_JCT",
                                "GRAIN_RD", "GRAIN"], None),
    ("A228 Cuxton Road", "A228", "a_road", ["STROOD", "A228_STROOD", "M2_J2", "CUXTON", "HALLING", "SNODLAND",
                                            "M20_J4", "WEST_MALLING"], None),
    ("A278 Hoath Way", "A278", "a_road", ["A2_A278", "A278_MID", "M2_J4"], None),
    ("A229 City Way", "A229", "a_road", ["STAR_HILL", "CITY_WAY", "BRIDGEWOOD"], None),
    # dual carriageway over the Downs (OSM: trunk)
    ("A229 Blue Bell Hill", "A229", "trunk", ["BRIDGEWOOD", "M2_J3", "BLUE_BELL", "M20_J6"], None),
    ("A229 Maidstone", "A229", "a_road", ["M20_J6", "MAIDSTONE"], None),
    ("A2045 Walderslade Woods", "A2045", "a_road", ["BRIDGEWOOD", "WALDERSLADE", "LORDSWOOD", "HEMPSTEAD",
                                                    "A278_MID"], None),
    ("A231 Dock Road", "A231", "a_road", ["CHATHAM", "DOCKYARD", "CHATHAM_MARITIME"], None),
    ("A225", "A225", "a_road", ["DARTFORD", "HAWLEY", "SUTTON_AT_HONE", "FARNINGHAM"], None),
    ("A296", "A296", "a_road", ["M25_J1B", "DARENTH", "BEAN", "A2_EBBSFLEET"], None),
    ("A206", "A206", "a_road", ["CRAYFORD", "DARTFORD", "CROSSWAYS", "M25_J1A", "STONE"], None),
    ("A227", "A227", "a_road", ["GRAVESEND", "A2_TOLLGATE", "ISTEAD_RISE", "MEOPHAM"], None),
    ("A250 Halfway Road", "A250", "a_road", ["SHEERNESS", "HALFWAY", "MINSTER"], None),
    ("A2500 Lower Road", "A2500", "a_road", ["COWSTEAD", "LOWER_RD_HALFWAY", "LOWER_RD_MINSTER"], None),
    ("A251", "A251", "a_road", ["FAVERSHAM", "A2_A251", "M2_J6", "A251_SOUTH"], None),
    ("A1306", "A1306", "a_road", ["M25_J31", "GRAYS", "TILBURY"], None),
    ("M25 J2 link", "A2", "a_road", ["M25_J2", "DARENTH"], None),
    # B roads
    ("B2231 Kingsferry road", "B2231", "b_road", ["IWADE", "KINGSFERRY_S"], None),
    ("Kingsferry Bridge", "B2231", "b_road", ["KINGSFERRY_S", "KINGSFERRY_N"], "Kingsferry Bridge"),
    ("B2231", "B2231", "b_road", ["KINGSFERRY_N", "QUEENBOROUGH"], None),
    ("B2231 Eastchurch / Leysdown Road", "B2231", "b_road",
     ["LOWER_RD_MINSTER", "EASTCHURCH", "WARDEN_JCT", "LEYSDOWN"], None),
    ("B2000 Cliffe Road", "B2000", "b_road", ["FOUR_ELMS", "CLIFFE_WOODS", "CLIFFE"], None),
    ("B2001 Stoke Road", "B2001", "b_road", ["STOKE_JCT", "ALLHALLOWS"], None),
    ("B2005 Grovehurst Road", "B2005", "b_road", ["GROVEHURST", "KEMSLEY", "MILTON_REGIS", "SITTINGBOURNE"], None),
    ("Swale Way", "", "b_road", ["KEMSLEY", "EUROLINK", "MURSTON", "BAPCHILD"], None),
    ("B2163 Iwade Road", "B2163", "b_road", ["IWADE", "IWADE_JCT"], None),
    ("B2040 Graveney Road", "B2040", "b_road", ["FAVERSHAM", "GRAVENEY_RD", "GRAVENEY", "SEASALTER_RD",
                                                "SEASALTER"], None),
    ("B2205 Seasalter Road", "B2205", "b_road", ["SEASALTER", "YORKLETTS"], None),
    ("B2255 Bluewater", "B255", "b_road", ["A2_BLUEWATER", "BLUEWATER", "GREENHITHE"], None),
    ("B259 Springhead", "B259", "b_road", ["A2_EBBSFLEET", "EBBSFLEET", "NORTHFLEET"], None),
    ("Upchurch / Lower Halstow road", "", "b_road", ["RAINHAM", "UPCHURCH", "LOWER_HALSTOW", "NEWINGTON"], None),
    ("Higham / Cliffe road", "", "b_road", ["GADS_HILL", "HIGHAM", "CLIFFE"], None),
    ("Hoo / Kingsnorth road", "", "b_road", ["HOO_JCT", "HOO", "KINGSNORTH"], None),
    ("High Halstow road", "", "b_road", ["HIGH_HALSTOW_JCT", "HIGH_HALSTOW"], None),
    ("Conyer road", "", "b_road", ["TEYNHAM", "CONYER"], None),
    ("Oare road", "", "b_road", ["FAVERSHAM", "OARE"], None),
    ("Shorne / Cobham link", "", "b_road", ["SHORNE", "A2_COBHAM"], None),
    # the A20 runs through the Swanley Interchange (M25 J3 / M20 J1), where it meets both
    ("A20", "A20", "a_road", ["SWANLEY", "M25_J3", "FARNINGHAM", "WEST_KINGSDOWN", "WROTHAM", "WROTHAM_HEATH",
                              "WEST_MALLING"], None),
    ("A227 Wrotham Road", "A227", "a_road", ["MEOPHAM", "CULVERSTONE", "VIGO", "WROTHAM", "M20_J2"], None),
    ("A249 Detling Hill", "A249", "trunk", ["M2_J5", "DETLING", "M20_J7"], None),
    ("M20", "M20", "motorway", ["M20_J6", "M20_J7"], None),
    ("B260 Longfield / Southfleet", "B260", "b_road", ["A2_EBBSFLEET", "SOUTHFLEET", "LONGFIELD", "WEST_KINGSDOWN"], None),
    ("Sole Street / Cobham", "", "b_road", ["A2_COBHAM", "SOLE_STREET", "MEOPHAM"], None),
    ("B2163 Borden / Bredgar / Hollingbourne", "B2163", "lane", ["SITT_SOUTH", "BREDGAR", "HOLLINGBOURNE"], None),
    ("Bredhurst / Stockbury lanes", "", "lane", ["HEMPSTEAD", "BREDHURST", "STOCKBURY", "M2_J5"], None),
    ("Doddington / Newnham", "", "lane", ["TEYNHAM", "DODDINGTON", "NEWNHAM"], None),
    ("Wouldham / Burham", "", "lane", ["BORSTAL", "WOULDHAM", "BURHAM", "BLUE_BELL"], None),
    ("Cliffe / Cooling / High Halstow", "", "lane", ["CLIFFE", "COOLING", "HIGH_HALSTOW"], None),
    ("Harty Ferry Road", "", "lane", ["EASTCHURCH", "HARTY_RD", "HARTY"], None),
    ("Selling / Hernhill lanes", "", "lane", ["A251_SOUTH", "SELLING", "A2_A251"], None),
    ("Hernhill / Dargate", "", "lane", ["BOUGHTON", "HERNHILL", "A299_MID"], None),
    # Local urban links (keep town units off the motorways)
    ("Strood local", "", "local", ["STROOD", "FRINDSBURY", "MEDWAY_CITY", "TUNNEL_W"], None),
    ("Frindsbury Hill / Four Elms Hill", "", "local", ["FRINDSBURY", "FOUR_ELMS"], None),
    ("Strood north local", "", "local", ["STROOD_N", "FRINDSBURY"], None),
    ("Rochester local", "", "local", ["ROCHESTER", "BORSTAL"], None),
    ("Maidstone Road Chatham", "", "local", ["CHATHAM", "CITY_WAY"], None),
    ("Chatham / Luton / Walderslade", "", "local", ["CHATHAM", "LUTON", "WALDERSLADE"], None),
    ("Luton / Chatham Hill", "", "local", ["LUTON", "CHATHAM_HILL"], None),
    ("Gillingham local", "", "local", ["CHATHAM_HILL", "GILLINGHAM", "GILL_PIER"], None),
    ("Gillingham / Brompton", "", "local", ["GILLINGHAM", "BROMPTON", "CHATHAM_MARITIME"], None),
    ("Gillingham High Street / Canterbury Street", "", "local", ["GILLINGHAM", "GILL_A2"], None),
    ("Gillingham east / Lower Rainham Road", "", "local", ["GILL_EAST", "LOWER_RAINHAM", "RAINHAM"], None),
    ("Hempstead / Gillingham", "", "local", ["HEMPSTEAD", "GILL_A2"], None),
    ("Sittingbourne south", "", "local", ["SITTINGBOURNE", "SITT_SOUTH"], None),
    ("Murston local", "", "local", ["MURSTON", "SITTINGBOURNE"], None),
    ("Queenborough Road", "", "local", ["QUEENBOROUGH", "A249_QUEENB"], None),
    ("Halfway / Lower Road", "", "local", ["HALFWAY", "LOWER_RD_HALFWAY"], None),
    ("Minster / Lower Road", "", "local", ["MINSTER", "LOWER_RD_MINSTER"], None),
    ("Minster / Eastchurch", "", "local", ["MINSTER", "EASTCHURCH"], None),
    ("Gravesend local", "", "local", ["GRAVESEND", "A2_GRAVESEND_E"], None),
    ("Dartford local", "", "local", ["DARTFORD", "M25_J1B"], None),
    ("Dartford Heath", "", "local", ["DARTFORD", "DARTFORD_HEATH"], None),
    ("Swanley link", "", "local", ["SWANLEY", "M25_J3"], None),
    ("Swanley / Farningham", "", "local", ["SWANLEY", "FARNINGHAM"], None),
    ("Faversham local", "", "local", ["OSPRINGE", "FAVERSHAM"], None),
    # Corridors to the hospitals outside North Kent (approximate, see geodata/ROADS.md)
    ("A2 Rochester Way", "A2", "trunk", ["A2_BLACK_PRINCE", "A2_FALCONWOOD", "A2_KIDBROOKE", "SUN_IN_THE_SANDS"], None),
    ("A2 Blackheath / New Cross / Old Kent Road", "A2", "urban",
     ["SUN_IN_THE_SANDS", "BLACKHEATH_HILL", "DEPTFORD_BRIDGE", "NEW_CROSS", "OLD_KENT_RD", "BRICKLAYERS_ARMS",
      "ELEPHANT", "LAMBETH_N", "ST_THOMAS"], None),
    ("A202 Peckham / Camberwell", "A202", "urban", ["NEW_CROSS", "PECKHAM", "CAMBERWELL", "KINGS_DENMARK_HILL"], None),
    ("A20 Sidcup bypass", "A20", "trunk", ["SWANLEY", "A20_SIDCUP", "A20_MOTTINGHAM"], None),
    ("A20 Lee / Lewisham", "A20", "urban", ["A20_MOTTINGHAM", "LEE_GREEN", "LEWISHAM", "NEW_CROSS"], None),
    ("M25 J3-J5", "M25", "motorway", ["M25_J3", "M25_J4", "M25_J5"], None),
    ("M26", "M26", "motorway", ["M25_J5", "M26_MID", "M20_J3"], None),
    ("A21", "A21", "trunk", ["M25_J5", "SEVENOAKS_A21", "TONBRIDGE_N", "PEMBURY_A21"], None),
    ("Tunbridge Wells Hospital", "", "local", ["PEMBURY_A21", "TW_HOSPITAL"], None),
    ("A228 Kings Hill / Paddock Wood", "A228", "a_road",
     ["WEST_MALLING", "KINGS_HILL", "MEREWORTH", "PADDOCK_WOOD_W", "PEMBURY_A21"], None),
    ("A26 Tonbridge Road", "A26", "a_road",
     ["MAIDSTONE", "BARMING", "WATERINGBURY", "MEREWORTH", "HADLOW", "TONBRIDGE", "TONBRIDGE_N"], None),
    ("A20 London Road", "A20", "a_road", ["M20_J5", "MAIDSTONE"], None),
    ("Hermitage Lane", "", "b_road", ["M20_J5", "HERMITAGE_LANE", "MAIDSTONE_HOSP", "BARMING"], None),
    ("M20 J7-J10", "M20", "motorway", ["M20_J7", "M20_J8", "M20_LENHAM", "M20_J9", "M20_J10"], None),
    ("A2070 / Kennington Road", "", "a_road", ["M20_J10", "WILLIAM_HARVEY", "KENNINGTON", "M20_J9"], None),
    ("A251 Challock", "A251", "a_road", ["A251_SOUTH", "CHALLOCK", "M20_J9"], None),
    ("A28 Ashford - Canterbury", "A28", "a_road", ["KENNINGTON", "CHILHAM", "CHARTHAM", "A2_WINCHEAP", "CANTERBURY"],
     None),
    ("A2 Boughton bypass / Canterbury bypass", "A2", "trunk",
     ["BOUGHTON", "HARBLEDOWN", "A2_WINCHEAP", "A2_NACKINGTON"], None),
    ("Canterbury: Nackington Road / Ethelbert Road", "", "local", ["A2_NACKINGTON", "K_AND_C", "CANTERBURY"], None),
    ("Canterbury London Road", "", "local", ["HARBLEDOWN", "CANTERBURY"], None),
    ("A28 Sturry / Sarre / Birchington", "A28", "a_road",
     ["CANTERBURY", "STURRY", "SARRE", "BIRCHINGTON", "MARGATE"], None),
    ("A299 Thanet Way", "A299", "trunk", ["WHITSTABLE", "HERNE_BAY_A299", "A299_HOATH", "MONKTON", "A299_MANSTON"],
     None),
    ("A253 Sarre - Monkton", "A253", "a_road", ["SARRE", "MONKTON"], None),
    ("Haine Road / Westwood", "A256", "a_road", ["A299_MANSTON", "WESTWOOD", "QEQM"], None),
    ("Margate: St Peter's Road", "", "local", ["MARGATE", "QEQM"], None),
    ("A20 Ashford Road", "A20", "a_road",
     ["MAIDSTONE", "BEARSTED", "M20_J8", "HARRIETSHAM", "LENHAM", "CHARING", "M20_J9"], None),
    ("A252 Charing - Challock", "A252", "a_road", ["CHARING", "CHALLOCK"], None),
    ("A227 Borough Green - Tonbridge", "A227", "a_road", ["WROTHAM", "BOROUGH_GREEN", "SHIPBOURNE", "TONBRIDGE"], None),
    ("B258 Wilmington - Hextable - Swanley", "B258", "b_road", ["DARTFORD", "WILMINGTON", "HEXTABLE", "SWANLEY"], None),
    ("Hollingbourne / Leeds", "B2163", "b_road", ["HOLLINGBOURNE", "M20_J8"], None),
    ("Newnham / Warren Street / Lenham", "", "lane", ["NEWNHAM", "WARREN_STREET", "LENHAM"], None),
    # East Kent's spine
    ("A2 Canterbury - Dover", "A2", "trunk", ["A2_NACKINGTON", "A2_BRIDGE", "A2_BARHAM", "A2_LYDDEN", "WHITFIELD",
                                              "DOVER_DOCKS"], None),
    ("A256 London Road, Dover", "A256", "a_road", ["WHITFIELD", "BUCKLAND", "DOVER", "DOVER_DOCKS"], None),
    ("M20 J10-J13", "M20", "motorway", ["M20_J10", "M20_J11", "M20_J11A", "M20_J12", "M20_J13"], None),
    ("A20 Folkestone - Dover", "A20", "trunk", ["M20_J13", "CAPEL", "A20_AYCLIFFE", "DOVER"], None),
    ("Folkestone: Cheriton Road", "", "local", ["M20_J12", "FOLKESTONE", "M20_J13"], None),
    ("A256 Whitfield - Sandwich - Thanet", "A256", "trunk", ["WHITFIELD", "EASTRY", "SANDWICH", "CLIFFSEND",
                                                              "A299_MANSTON"], None),
    # Kent's A-road skeleton (2026-12-06)
    ("A26 Tonbridge - Tunbridge Wells", "A26", "a_road", ["TONBRIDGE", "SOUTHBOROUGH", "TUNBRIDGE_WELLS"], None),
    ("A264 Pembury Road", "A264", "a_road", ["TUNBRIDGE_WELLS", "A264_MID", "PEMBURY_A21"], None),
    ("A21 Pembury - Hastings", "A21", "trunk", ["PEMBURY_A21", "LAMBERHURST", "FLIMWELL", "ROBERTSBRIDGE",
                                                 "A21_JOHNS_CROSS", "BALDSLOW", "HASTINGS"], None),
    ("A229 Linton / Staplehurst / Hawkhurst", "A229", "a_road",
     ["MAIDSTONE", "LINTON", "STAPLEHURST", "A229_A262", "HAWKHURST"], None),
    ("A268 Hawkhurst - Flimwell", "A268", "a_road", ["HAWKHURST", "FLIMWELL"], None),
    ("A274 Sutton Road", "A274", "a_road", ["MAIDSTONE", "SUTTON_VALENCE", "HEADCORN", "BIDDENDEN"], None),
    ("A262 Goudhurst - Biddenden", "A262", "a_road",
     ["LAMBERHURST", "GOUDHURST", "A229_A262", "SISSINGHURST", "BIDDENDEN", "HIGH_HALDEN"], None),
    ("Ashford ring road", "", "local", ["M20_J9", "ASHFORD", "M20_J10"], None),
    ("A28 Ashford - Tenterden - Hastings", "A28", "a_road",
     ["ASHFORD", "BETHERSDEN", "HIGH_HALDEN", "TENTERDEN", "NORTHIAM", "WESTFIELD", "BALDSLOW"], None),
    ("A2070", "A2070", "trunk", ["M20_J10", "KINGSNORTH_ASH", "HAMSTREET", "BRENZETT"], None),
    ("A259 Romney Marsh", "A259", "trunk", ["BRENZETT", "NEW_ROMNEY", "DYMCHURCH", "HYTHE"], None),
    ("A259 Hythe - Folkestone", "A259", "a_road", ["HYTHE", "SANDGATE", "FOLKESTONE"], None),
    ("A261 Hythe - M20", "A261", "a_road", ["HYTHE", "M20_J11"], None),
    ("A260 Folkestone - Barham", "A260", "a_road", ["FOLKESTONE", "HAWKINGE", "A2_BARHAM"], None),
    ("A290 Canterbury - Whitstable", "A290", "a_road", ["CANTERBURY", "BLEAN", "WHITSTABLE"], None),
    ("A291 Sturry - Herne Bay", "A291", "a_road", ["STURRY", "A291_MID", "HERNE_BAY_A299", "HERNE_BAY"], None),
    ("A257 Canterbury - Sandwich", "A257", "a_road", ["CANTERBURY", "LITTLEBOURNE", "WINGHAM", "ASH", "SANDWICH"],
     None),
    ("A258 Dover - Deal - Sandwich", "A258", "a_road", ["DOVER", "RINGWOULD", "DEAL", "SANDWICH"], None),
    ("A299 Hengist Way", "A299", "trunk", ["CLIFFSEND", "RAMSGATE"], None),
    ("A254 Margate - Ramsgate", "A254", "a_road", ["MARGATE", "WESTWOOD", "RAMSGATE"], None),
    ("A255 Westwood - Broadstairs", "A255", "a_road", ["WESTWOOD", "BROADSTAIRS"], None),
    ("A25", "A25", "a_road", ["WESTERHAM", "SUNDRIDGE", "RIVERHEAD", "SEAL", "IGHTHAM", "BOROUGH_GREEN",
                              "WROTHAM_HEATH"], None),
    ("Sevenoaks: A224 / A225", "A225", "a_road", ["RIVERHEAD", "SEVENOAKS", "SEVENOAKS_A21"], None),
    ("A225 Darent valley", "A225", "a_road", ["FARNINGHAM", "EYNSFORD", "SHOREHAM", "OTFORD", "SEVENOAKS"], None),
    ("A21 Farnborough Way", "A21", "a_road", ["M25_J4", "GREEN_ST_GREEN", "FARNBOROUGH", "BROMLEY_COMMON",
                                               "BROMLEY"], None),
    ("A21 Bromley - Catford - Lewisham", "A21", "urban", ["BROMLEY", "CATFORD", "LEWISHAM"], None),
    ("A232 Orpington", "A232", "urban", ["ORPINGTON", "FARNBOROUGH"], None),
    ("A224 Cray Avenue", "A224", "a_road", ["ORPINGTON", "ST_MARY_CRAY", "A20_SIDCUP"], None),
    ("A207 Shooters Hill / Bexleyheath", "A207", "urban",
     ["SUN_IN_THE_SANDS", "SHOOTERS_HILL", "WELLING", "BEXLEYHEATH", "CRAYFORD"], None),
]


# Vertices every ~400 m along roads that streets join anywhere (not motorways, not trunk roads:
# those are joined at their junctions only), so make_streets.py can tie the mesh to them.
DENSIFY_DEG = 0.004


def _densified(pts: list[tuple[float, float]]) -> list[list[float]]:
    """The same polyline with extra vertices so that no step is over ~DENSIFY_DEG of latitude."""
    out = [pts[0]]
    for (x0, y0), (x1, y1) in zip(pts[:-1], pts[1:]):
        k = max(1, math.ceil(math.hypot((x1 - x0) * math.cos(math.radians(y0)), y1 - y0) / DENSIFY_DEG))
        out += [(x0 + (x1 - x0) * i / k, y0 + (y1 - y0) * i / k) for i in range(1, k + 1)]
    return [[round(x, 5), round(y, 5)] for x, y in out]


def features() -> list[dict]:
    out = []
    for name, ref, cls, places, crossing in R:
        pts = [P[p] for p in places]
        coords = ([[round(x, 5), round(y, 5)] for x, y in pts] if cls in ("motorway", "trunk") or crossing
                  else _densified(pts))
        out.append({
            "type": "Feature",
            "properties": {"name": name, "ref": ref or None, "road_class": cls,
                           "speed_kph": None, "crossing": crossing},
            "geometry": {"type": "LineString", "coordinates": coords},
        })
    return out


def main() -> None:
    fc = {"type": "FeatureCollection",
          "name": "north_kent_roads",
          "description": "Approximate main roads of North Kent, hand-placed by the project "
                         "(see geodata/ROADS.md). Not for navigation.",
          "features": features()}
    OUT.write_text(json.dumps(fc, indent=None, separators=(",", ":")).replace("},{", "},\n{") + "\n")
    print(f"wrote {OUT.relative_to(ROOT)}: {len(fc['features'])} lines")


if __name__ == "__main__":
    main()
