// What an executor's answer must carry, pure logic (the handler names every
// bad field at once).
//
// A refusal (Law 393/96-ВР, Art. 15, part 4; part 3 is «Відповідь за
// результатами розгляду заяв (клопотань) в обов'язковому порядку дається
// тим органом, який отримав ці заяви ...»): «Рішення про відмову в
// задоволенні вимог, викладених у заяві (клопотанні), доводиться до відома
// громадянина в письмовій формі з посиланням на Закон і викладенням мотивів
// відмови, а також із роз'ясненням порядку оскарження прийнятого рішення.»
// Art. 19 obliges the body, when it finds a statement or complaint
// unfounded, to «роз'яснити порядок оскарження прийнятого за нею рішення».
// So an answer with result REFUSED carries the reasons, the legal basis and
// how to appeal; each missing one is named.
#pragma once

#include <cstddef>

#include "contactcenter/status/field_violations.h"
#include "contactcenter/tracking/v1/tracking.pb.h"

namespace contactcenter::tracking {

inline constexpr size_t kMaxAttachments = 50;
inline constexpr size_t kMaxAnswerChars = 20000;

// Every bad field of `answer`, named "answer.<field>".
void CheckAnswer(FieldViolations& v, const v1::CaseAnswer& answer);

}  // namespace contactcenter::tracking
