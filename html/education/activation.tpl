{{%AUTOESCAPE context="HTML"}}<h1>{{TITLE}}</h1>
{{>ERRORS}}
<p class="lead">{{T_ed_activation_lead:none}}</p>
<form method="post" action="{{ACTION}}" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
<div class="field{{#ERROR_question}} has-error{{/ERROR_question}}">
<label for="question">{{T_ed_question:none}}</label>
{{#ERROR_question}}<p class="field-error" id="question-error">{{MESSAGE}}</p>{{/ERROR_question}}
<select id="question" name="question" required>
<option value="">{{T_ed_choose_question:none}}</option>
{{#QUESTION}}<option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{TEXT}}</option>
{{/QUESTION}}</select>
</div>
<div class="field{{#ERROR_reponse}} has-error{{/ERROR_reponse}}">
<label for="reponse">{{T_ed_answer:none}}</label>
<p class="hint" id="reponse-hint">{{T_ed_answer_hint:none}}</p>
{{#ERROR_reponse}}<p class="field-error" id="reponse-error">{{MESSAGE}}</p>{{/ERROR_reponse}}
<input id="reponse" name="reponse" type="password" autocomplete="off" required maxlength="200" aria-describedby="reponse-hint{{#ERROR_reponse}} reponse-error{{/ERROR_reponse}}"{{#ERROR_reponse}} aria-invalid="true"{{/ERROR_reponse}}>
</div>
<div class="field{{#ERROR_reponse_confirm}} has-error{{/ERROR_reponse_confirm}}">
<label for="reponse_confirm">{{T_ed_answer_confirm:none}}</label>
{{#ERROR_reponse_confirm}}<p class="field-error" id="reponse_confirm-error">{{MESSAGE}}</p>{{/ERROR_reponse_confirm}}
<input id="reponse_confirm" name="reponse_confirm" type="password" autocomplete="off" required maxlength="200"{{#ERROR_reponse_confirm}} aria-invalid="true" aria-describedby="reponse_confirm-error"{{/ERROR_reponse_confirm}}>
</div>
<p><button type="submit">{{T_button_validate:none}}</button></p>
</form>
