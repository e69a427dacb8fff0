{{%AUTOESCAPE context="HTML"}}<h1>{{TITLE}}</h1>
<div class="notice" role="alert"><p>{{T_ed_warning:none}}</p></div>
<p>{{T_ed_warning_click:none}}</p>
<form method="post" action="{{ACTION}}">
<input type="hidden" name="csrf" value="{{CSRF}}">
<p><button type="submit">{{T_ed_warning_button:none}}</button></p>
</form>
