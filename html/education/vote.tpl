{{%AUTOESCAPE context="HTML"}}<h1>{{TITLE}}</h1>
{{>ERRORS}}
{{#INVALIDATED}}<div class="notice" role="alert"><p>{{T_ed_vote_invalidated:none}}<br>{{T_ed_vote_invalidated_how:none}}</p></div>{{/INVALIDATED}}
{{#NO_CODE}}<div class="notice" role="status"><p>{{T_ed_vote_no_code:none}}</p></div>{{/NO_CODE}}
<p class="hint">{{T_ed_required:none}}</p>
<form method="post" action="{{ACTION}}" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
<div class="field{{#ERROR_code}} has-error{{/ERROR_code}}">
<label for="code">{{T_ed_vote_code:none}}</label>
<p class="hint" id="code-hint">{{T_ed_vote_code_hint:none}}</p>
{{#ERROR_code}}<p class="field-error" id="code-error">{{MESSAGE}}</p>{{/ERROR_code}}
<input id="code" name="code" type="password" autocomplete="off" spellcheck="false" required maxlength="128" aria-describedby="code-hint{{#ERROR_code}} code-error{{/ERROR_code}}"{{#ERROR_code}} aria-invalid="true"{{/ERROR_code}}>
</div>
<p><a id="reassort" href="{{REASSORT_URL}}">{{T_ed_vote_reassort:none}}</a></p>
{{>CAPTCHA}}
<p><button type="submit">{{T_login_title:none}}</button> <a class="button secondary" href="{{BACK_URL}}">{{T_button_back:none}}</a></p>
</form>
<ul class="hint">
<li>{{T_ed_vote_how_1:none}}</li>
<li>{{T_ed_vote_how_2:none}}</li>
</ul>
